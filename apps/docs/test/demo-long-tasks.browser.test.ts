// The demo must keep the page responsive while four models explain every review: typing 20
// keystrokes into it records the main thread's long tasks (PerformanceObserver `longtask`,
// every task over 50 ms) from the first key until all four panels show the typed review's
// result. The figures go to test-results/demo-long-tasks.json and the log.
//
// A long task is measured in wall-clock time: on an oversubscribed machine (the shared 2-core
// one ran at load average 26) the main thread waits for a core, and a task of a few ms of
// work reads 50-150 ms. There the 50 ms line cannot be checked and the test says so; it
// still fails on what the demo did before its worker, when explaining four models on the
// main thread took single tasks of 595 ms at the same load.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StaticServer, serveStatic } from '@imdb-rnn/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium';
import { assertSiteBuilt, SITE_DIR } from './site-files';

const RESULTS_DIR = fileURLToPath(new URL('../test-results', import.meta.url));
const ARCHITECTURES = ['rnn', 'gru', 'lstm', 'bilstm'];
// 20 keystrokes, appended to the demo's first sample review.
const TYPED = ' I loved the ending!';
// About a fast typist's pace: several keys fall inside one scoring pass.
const KEY_DELAY_MS = 120;
/**
 * Runnable threads per core above which wall-clock task lengths say nothing about the page.
 * CI's fresh-clone runs (turbo runs two tasks at a time) sit at 3.3–3.4 per core and measured
 * no long task at all while typing, so the 50 ms check holds there; the shared development
 * machine, at 12+ per core, stretches 20 ms tasks past it.
 */
const OVERLOADED = 4;
/** The bound on an overloaded machine: under the 595 ms main-thread explain of the old demo. */
const OVERLOADED_LONGEST_MS = 400;

interface LongTask {
  start: number;
  duration: number;
}

describe.runIf(chromiumAvailable)('the demo page while typing, in Chromium', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    assertSiteBuilt();
    await mkdir(RESULTS_DIR, { recursive: true });
    server = await serveStatic(SITE_DIR);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('types 20 keystrokes with four models explaining: no main-thread task over 50 ms', async () => {
    expect(TYPED).toHaveLength(20);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Observe from the very first script, so no long task of the page escapes.
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: { start: number; duration: number }[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.longTasks.push({ start: e.startTime, duration: e.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.url}/demo.html`, { waitUntil: 'networkidle' });
    // Every model loaded and the sample review scored and explained.
    await page.waitForFunction(
      (n) => document.querySelectorAll('.panel .verdict').length === n,
      ARCHITECTURES.length,
      { timeout: 120_000 },
    );
    const box = page.getByRole('textbox', { name: 'Movie review' });
    const before = await box.inputValue();
    await box.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Control+End');
    const typingStart = await page.evaluate(() => performance.now());
    await box.pressSequentially(TYPED, { delay: KEY_DELAY_MS });
    const expected = before + TYPED;
    // Done when every panel's highlighted tokens are those of the full typed review.
    await page.waitForFunction(
      ({ archs, lastToken }) =>
        archs.every((a) => {
          const tokens = document.querySelectorAll(`.panel[data-arch="${a}"] .token`);
          return tokens[tokens.length - 2]?.textContent === lastToken;
        }),
      { archs: ARCHITECTURES, lastToken: 'ending' },
      { timeout: 120_000 },
    );
    const typingEnd = await page.evaluate(() => performance.now());
    expect(await box.inputValue()).toBe(expected);
    const all = await page.evaluate(
      () => (window as unknown as { longTasks: LongTask[] }).longTasks,
    );
    const during = all.filter((t) => t.start + t.duration >= typingStart && t.start <= typingEnd);
    const loading = all.filter((t) => t.start < typingStart);
    const loadPerCore = loadavg()[0]! / availableParallelism();
    const figures = {
      loadAveragePerCore: Number(loadPerCore.toFixed(1)),
      keystrokes: TYPED.length,
      keyDelayMs: KEY_DELAY_MS,
      typingToLastResultMs: Math.round(typingEnd - typingStart),
      longestTaskMs: Math.round(Math.max(0, ...during.map((t) => t.duration))),
      tasksOver50Ms: during.length,
      totalLongTaskMs: Math.round(during.reduce((s, t) => s + t.duration, 0)),
      pageLoad: {
        longestTaskMs: Math.round(Math.max(0, ...loading.map((t) => t.duration))),
        tasksOver50Ms: loading.length,
      },
    };
    await writeFile(
      join(RESULTS_DIR, 'demo-long-tasks.json'),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    console.log(`[demo long tasks] ${JSON.stringify(figures)}`);
    await context.close();
    if (loadPerCore <= OVERLOADED) {
      expect(figures.tasksOver50Ms, JSON.stringify(during)).toBe(0);
    } else {
      console.log(
        `[demo long tasks] the 50 ms check is skipped: load average ${loadPerCore.toFixed(1)} per core; ` +
          `checking the longest task against ${OVERLOADED_LONGEST_MS} ms instead`,
      );
      expect(figures.longestTaskMs, JSON.stringify(during)).toBeLessThan(OVERLOADED_LONGEST_MS);
    }
  }, 300_000);
});
