export { benchContext, benchRequested, writeBenchResult } from './bench-results.js';
export { CHROMIUM, hasChromium, launchChromium } from './launch-chromium.js';
export { type StaticServer, serveStatic } from './serve-static.js';
