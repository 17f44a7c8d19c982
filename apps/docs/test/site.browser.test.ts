import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StaticServer, serveStatic } from '@imdb-rnn/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_REVIEWS } from '../src/components/sample-reviews';
import { CHROMIUM, chromiumAvailable, launchChromium } from './chromium';
import { assertSiteBuilt, SITE_DIR } from './site-files';

const RESULTS_DIR = fileURLToPath(new URL('../test-results', import.meta.url));
const manifest = JSON.parse(readFileSync(join(SITE_DIR, 'models', 'manifest.json'), 'utf8')) as {
  models: { architecture: string }[];
};
const shipped = new Set(manifest.models.map((m) => m.architecture));
const ARCHITECTURES = ['rnn', 'gru', 'lstm', 'bilstm'];
const GATED = ['gru', 'lstm', 'bilstm'];
const modelsShipped = ARCHITECTURES.every((a) => shipped.has(a));

const POSITIVE =
  'An absolutely wonderful film. The acting is brilliant, the story is moving and beautiful, and I loved every minute. A true masterpiece, highly recommended.';
const NEGATIVE =
  'An awful, boring movie. The acting is terrible, the plot is stupid and the dialogue is painfully bad. The worst film I have seen, a complete waste of time.';

/** Opens a page that records console errors, uncaught exceptions, failed and off-site requests. */
async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  // Everything (scripts, styles, fonts, models, wasm) must come from the site itself.
  const origin = new URL(url).origin;
  page.on('request', (r) => {
    const target = r.url();
    if (!target.startsWith(`${origin}/`) && !/^(data|blob):/.test(target)) {
      errors.push(`request outside the site: ${target}`);
    }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, errors };
}

async function typeReview(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Movie review' });
  await box.fill('');
  // Typed, not pasted: the demo must rescore after the user pauses.
  await box.pressSequentially(text, { delay: 2 });
}

describe('the built site in Chromium', () => {
  // Off CI a developer without Chromium may skip; on CI a missing browser must fail.
  if (!chromiumAvailable && process.env.CI) {
    it('finds Chromium', () => {
      throw new Error(`Chromium not found at ${CHROMIUM}; CI installs it (.ci/apt-deps)`);
    });
    return;
  }

  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    assertSiteBuilt();
    await mkdir(RESULTS_DIR, { recursive: true });
    server = await serveStatic(SITE_DIR);
    if (chromiumAvailable) browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.skipIf(!chromiumAvailable)('renders the home page with no console errors', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/`);
    await page.screenshot({ path: join(RESULTS_DIR, 'home.png') });
    await expect(page.locator('.VPHero .name').textContent()).resolves.toContain('imdb-rnn');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!chromiumAvailable)('follows a dark system theme', async () => {
    const page = await browser.newPage({ colorScheme: 'dark' });
    await page.goto(`${server.url}/guide/getting-started.html`, { waitUntil: 'networkidle' });
    await expect(page.locator('html').getAttribute('class')).resolves.toContain('dark');
    await page.screenshot({ path: join(RESULTS_DIR, 'dark.png') });
    await page.close();
  });

  it.skipIf(!chromiumAvailable)('finds pages with the local search, offline', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/`);
    await page.getByRole('button', { name: 'Search' }).click();
    // The search box opens, then loads its index (one chunk of the site); typing into the
    // input itself, once it exists, cannot lose keystrokes to the opening animation.
    const input = page.locator('.VPLocalSearchBox input');
    await input.waitFor({ timeout: 30_000 });
    await input.fill('forget gate');
    const hit = page.locator('.VPLocalSearchBox a[href*="architectures"]').first();
    await hit.waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!chromiumAvailable)('renders the architecture equations with KaTeX', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/guide/architectures.html`);
    // Display equations of the RNN, GRU (4 lines), LSTM (6 lines) and BiLSTM cells.
    expect(await page.locator('.katex-display').count()).toBeGreaterThanOrEqual(5);
    const fontLoaded = await page.evaluate(() => document.fonts.check('16px KaTeX_Main'));
    expect(fontLoaded).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!chromiumAvailable)(
    'fits the demo, architectures and results pages to a phone screen',
    async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
      for (const path of ['demo.html', 'guide/architectures.html', 'results.html']) {
        await page.goto(`${server.url}/${path}`, { waitUntil: 'networkidle' });
        if (path === 'demo.html') {
          await page.screenshot({ path: join(RESULTS_DIR, 'demo-mobile.png'), fullPage: true });
          const box = await page.getByRole('textbox', { name: 'Movie review' }).boundingBox();
          expect(box?.width).toBeGreaterThan(300);
        }
        // No horizontal scrolling of the page: wide equations and tables scroll in their box.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
      }
      await page.close();
    },
  );

  it.skipIf(!chromiumAvailable)(
    'fills the review box when a sample review is clicked',
    async () => {
      const { page, errors } = await openPage(browser, `${server.url}/demo.html`);
      const box = page.getByRole('textbox', { name: 'Movie review' });
      for (const sample of SAMPLE_REVIEWS) {
        await page.getByRole('button', { name: sample.title }).click();
        await expect(box.inputValue()).resolves.toBe(sample.text);
      }
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  /** Loads the demo page, runs `check`, screenshots it and writes what the page transferred. */
  async function onDemoPage(check: (page: Page) => Promise<void>): Promise<void> {
    server.served.clear();
    const { page, errors } = await openPage(browser, `${server.url}/demo.html`);
    try {
      await check(page);
    } finally {
      await page.screenshot({ path: join(RESULTS_DIR, 'demo.png'), fullPage: true });
    }
    expect(errors).toEqual([]);
    const files = [...server.served.entries()].sort((a, b) => b[1] - a[1]);
    const totalBytes = files.reduce((sum, [, n]) => sum + n, 0);
    await writeFile(
      join(RESULTS_DIR, 'demo-transfer.json'),
      `${JSON.stringify({ totalBytes, modelsShipped, files: Object.fromEntries(files) }, null, 2)}\n`,
    );
    console.log(`demo page transfer: ${(totalBytes / 1e6).toFixed(2)} MB in ${files.length} files`);
    await page.close();
  }

  it.runIf(chromiumAvailable && GATED.every((a) => shipped.has(a)))(
    'scores a typed positive and a typed negative review correctly with the gated models, offline after load, and highlights words',
    () =>
      onDemoPage(async (page) => {
        // Scoring needs nothing from the network once the page and models have loaded.
        await page.waitForFunction(
          (n) => document.querySelectorAll('.panel .verdict').length >= n,
          GATED.length,
          { timeout: 60_000 },
        );
        await page.context().setOffline(true);
        for (const [text, label] of [
          [POSITIVE, 'positive'],
          [NEGATIVE, 'negative'],
        ] as const) {
          await typeReview(page, text);
          for (const arch of GATED) {
            // A pass over a partly typed review can show the same label with few words, so
            // wait for the pass over the whole review: its label and its highlighted words
            // (explain highlights every word of the review it scored).
            await page.waitForFunction(
              ([a, l]) =>
                document
                  .querySelector(`.panel[data-arch="${a}"] .verdict`)
                  ?.getAttribute('data-label') === l &&
                document.querySelectorAll(`.panel[data-arch="${a}"] .token`).length > 10,
              [arch, label],
              { timeout: 60_000 },
            );
            expect(
              await page.locator(`.panel[data-arch="${arch}"] .token`).count(),
            ).toBeGreaterThan(10);
          }
        }
      }),
    180_000,
  );

  it.runIf(chromiumAvailable && !modelsShipped)(
    'names the missing model files when the build lacks trained models',
    () =>
      onDemoPage(async (page) => {
        for (const arch of ARCHITECTURES.filter((a) => !shipped.has(a))) {
          await expect(
            page.locator(`.panel[data-arch="${arch}"] .status.missing`).textContent(),
          ).resolves.toContain(`${arch}.int8.onnx`);
        }
      }),
  );
});
