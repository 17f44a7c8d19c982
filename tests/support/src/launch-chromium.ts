// Every browser test in the workspace (infer-web's app, the docs site, the training report's SVGs,
// the Vite app built from the tarballs) drives the same Debian Chromium the same way; this is the
// one place that knows where it is and which switches keep it quiet and reproducible.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (CI installs it with apt, see .ci/apt-deps); IMDB_RNN_CHROMIUM overrides. */
export const CHROMIUM = process.env.IMDB_RNN_CHROMIUM ?? '/usr/bin/chromium';
const chromiumAvailable = existsSync(CHROMIUM);

/**
 * Headless, no sandbox (containers have no user namespaces), no GPU, and no traffic of its own
 * (updates, sync, QUIC probes), so a test sees only the requests its page makes.
 *
 * No WebUI omnibox popup: Chromium 156's headless mode builds one for every new window (a
 * `browser_ui` renderer of its own that loads ~155 chrome://resources scripts) while the page
 * under test loads. On a 2-core machine it took a core through the whole of a cold load: the
 * ONNX Runtime wasm's first bytes reached the worker 620 ms after it asked for them, the WebUI
 * renderer serving 800 requests in between. A user's browser built its omnibox long before
 * they opened the page, so timing that work measures the test harness, not the app.
 * (`extraArgs` with a `--disable-features` of their own would replace this one.)
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
];

/**
 * Launches Chromium with a fresh, empty profile: playwright's launch() creates a temporary
 * user-data dir and deletes it in `browser.close()`, which every caller must await.
 * `extraArgs` are appended, e.g. `--js-flags=--expose-gc` for heap measurements.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!chromiumAvailable) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (.ci/apt-deps)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });
}

/**
 * Whether the browser tests can run: true when Chromium is installed. Off CI a developer without
 * it may skip them (false); on CI a missing browser throws, or a broken install would silently
 * turn every browser test off.
 */
export function hasChromium(): boolean {
  if (!chromiumAvailable && process.env.CI) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: CI must install it (.ci/apt-deps installs Debian's chromium)`,
    );
  }
  return chromiumAvailable;
}
