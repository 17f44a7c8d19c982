import { describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from './launch-chromium.js';

describe('launchChromium', () => {
  if (!hasChromium()) {
    it.skip(`needs Chromium at ${CHROMIUM} (apt-get install chromium, or set IMDB_RNN_CHROMIUM)`);
    return;
  }

  it('opens a data: page and evaluates script in it', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto('data:text/html,<title>support</title>');
      expect(await page.title()).toBe('support');
      expect(await page.evaluate(() => 1 + 1)).toBe(2);
    } finally {
      await browser.close();
    }
    expect(browser.isConnected()).toBe(false);
  }, 60_000);

  it('opens no browser UI targets of its own beside the page (no WebUI omnibox popup)', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto('data:text/html,<title>quiet</title>');
      // The popup's WebUI starts with the window; give it the time it took when enabled
      // (its targets were listed within a second).
      await page.waitForTimeout(1500);
      const cdp = await browser.newBrowserCDPSession();
      const { targetInfos } = (await cdp.send('Target.getTargets')) as {
        targetInfos: { type: string; url: string }[];
      };
      expect(targetInfos.map((t) => `${t.type} ${t.url}`)).toEqual([
        expect.stringMatching(/^page data:text\/html/),
      ]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('passes extra switches through to the browser', async () => {
    const browser = await launchChromium(['--js-flags=--expose-gc']);
    try {
      const page = await browser.newPage();
      expect(await page.evaluate(() => typeof (globalThis as { gc?: unknown }).gc)).toBe(
        'function',
      );
    } finally {
      await browser.close();
    }
  }, 60_000);
});
