import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasChromium, launchChromium } from '@imdb-rnn/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticResults } from './synthetic-results.js';
import { writeReport } from './write-report.js';

describe.skipIf(!hasChromium())('report SVGs in Chromium', () => {
  let browser: Browser;
  let paths: Awaited<ReturnType<typeof writeReport>>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-chromium-'));
    paths = await writeReport(dir, syntheticResults());
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const [chart, legendTexts] of [
    ['curves', ['RNN', 'GRU', 'LSTM', 'BiLSTM', 'Train loss (binary cross-entropy)', 'Epoch']],
    [
      'testAccuracy',
      ['RNN', 'GRU', 'LSTM', 'BiLSTM', 'published (reference study)', 'PyTorch 1.13 rerun'],
    ],
  ] as const) {
    it(`renders ${chart} with visible size, its labels and no console errors`, async () => {
      const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(paths[chart]!).href);
      // Screenshot first, so a failing assertion still leaves a picture to look at.
      await page.screenshot({ path: join(dir, `${chart}.png`) });
      const box = await page.locator('svg').first().boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(200);
      const texts = await page.locator('text').allTextContents();
      for (const label of legendTexts) expect(texts).toContain(label);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
