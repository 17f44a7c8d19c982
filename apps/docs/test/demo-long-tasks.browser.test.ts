// The demo must keep the page responsive while four models explain every review: typing 20
// keystrokes into it records the main thread's long tasks (PerformanceObserver `longtask`,
// every task over 50 ms) from the first key until all four panels show the typed review's
// result. The figures go to test-results/demo-long-tasks.json and the log.
//
// What is asserted is what cannot depend on the machine's speed: the page's own thread never
// compiles or instantiates WebAssembly, so ONNX Runtime (all of the demo's inference) runs
// elsewhere. A long task is wall-clock time, and CI's 2-core machine, running two turbo tasks
// beside the browser, once stretched an ordinary task to 53 ms while typing (every other run
// there measured none), so the 50 ms line is a figure to read, not a pass mark. The timing
// check left is a bound no scheduling hiccup reaches but the old demo did: explaining four
// models on the main thread took single tasks of 595 ms.
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
 * Runnable threads per core above which wall-clock task lengths say little about the page:
 * the shared development machine, at 12+ per core, stretches 20 ms tasks past 100 ms.
 */
const OVERLOADED = 4;
/** Longest main-thread task allowed while typing: under half the old demo's 595 ms explain. */
const LONGEST_MS = 250;
/** The same on an overloaded machine. */
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

  it('types 20 keystrokes with four models explaining: inference off the page thread, which stays responsive', async () => {
    expect(TYPED).toHaveLength(20);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Observe from the very first script, so no long task of the page escapes.
    await page.addInitScript(() => {
      const w = window as unknown as {
        longTasks: { start: number; duration: number }[];
        wasmOnPage: string[];
      };
      w.longTasks = [];
      // Init scripts run in the page, not in its workers: any WebAssembly compiled here is
      // ONNX Runtime on the thread that handles the keystrokes.
      w.wasmOnPage = [];
      const wasm = WebAssembly as unknown as Record<string, (...args: unknown[]) => unknown>;
      for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
        const original = wasm[name]!;
        wasm[name] = function (this: unknown, ...args: unknown[]) {
          w.wasmOnPage.push(name);
          return original.apply(this, args);
        };
      }
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
    const { all, wasmOnPage } = await page.evaluate(() => {
      const w = window as unknown as { longTasks: LongTask[]; wasmOnPage: string[] };
      return { all: w.longTasks, wasmOnPage: w.wasmOnPage };
    });
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
    expect(wasmOnPage, 'WebAssembly compiled on the page thread').toEqual([]);
    const bound = loadPerCore <= OVERLOADED ? LONGEST_MS : OVERLOADED_LONGEST_MS;
    expect(figures.longestTaskMs, JSON.stringify(during)).toBeLessThan(bound);
  }, 300_000);
});
