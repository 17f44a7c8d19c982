// The browser half of the recipe tests (Vite, webpack 5, import map): serve an app, open it in
// a fresh Chromium context and read the predictions the page writes into #result.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

export interface AppRun {
  predictions: { label: string; confidence: number }[];
  /** Every URL the page and its workers requested. */
  requests: string[];
  /** Navigation start to the first prediction, as the page measured it (if it did). */
  ms: number | undefined;
}

/** Opens `url` in a fresh context (empty HTTP cache) and waits for the page's #result. */
export async function runApp(browser: Browser, url: string): Promise<AppRun> {
  const context = await browser.newContext();
  try {
    const requests: string[] = [];
    // The context sees the requests of the page's Web Workers too.
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    // The recipes let an error escape, as an app would: fail at once instead of waiting.
    const failed = new Promise<never>((_, reject) => {
      page.on('pageerror', (error) => reject(new Error(`the page: ${error.message}`)));
    });
    failed.catch(() => {}); // an error after the result is not this run's failure
    await page.goto(url);
    const output = page.locator('#result[data-state]');
    await Promise.race([output.waitFor({ timeout: 120_000 }), failed]);
    const text = (await output.textContent()) ?? '';
    if ((await output.getAttribute('data-state')) !== 'done') throw new Error(`the page: ${text}`);
    const ms = await output.getAttribute('data-ms');
    return { predictions: JSON.parse(text), requests, ms: ms === null ? undefined : Number(ms) };
  } finally {
    await context.close();
  }
}

/** The .onnx files under a build's output folder: the models the app ships. */
export function modelsShipped(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.onnx'))
    .map((file) => join(dir, file));
}
