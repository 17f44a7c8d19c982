// The site's browser test uses the workspace's one shared Chromium setup.
import { hasChromium } from '@imdb-rnn/test-support';

export { CHROMIUM, launchChromium } from '@imdb-rnn/test-support';
/** False off CI when Chromium is missing (the tests skip); on CI a missing browser throws. */
export const chromiumAvailable = hasChromium();
