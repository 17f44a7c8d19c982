import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { katex } from '@mdit/plugin-katex';
import { type DefaultTheme, defineConfig } from 'vitepress';

// TypeDoc (run before `vitepress build`, see package.json) writes the API pages
// and this sidebar; without it (e.g. `vitepress dev` before a build) the API
// section simply has no entries.
const apiSidebarPath = fileURLToPath(new URL('../src/api/typedoc-sidebar.json', import.meta.url));
const apiSidebar: DefaultTheme.SidebarItem[] = existsSync(apiSidebarPath)
  ? JSON.parse(readFileSync(apiSidebarPath, 'utf8'))
  : [];

// One sidebar per package under /api/<package>/: the whole reference in every
// page's sidebar would put every API page's link into every page's HTML.
const apiSidebars: DefaultTheme.SidebarMulti = Object.fromEntries(
  apiSidebar.map((pkg) => [
    pkg.link ?? '/api/',
    [
      { text: 'API reference', link: '/api/' },
      { ...pkg, collapsed: false },
    ],
  ]),
);

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guide',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Data', link: '/guide/data' },
      { text: 'The four architectures', link: '/guide/architectures' },
      { text: 'Training', link: '/guide/training' },
      { text: 'Train on your own data', link: '/guide/own-data' },
      { text: 'Results', link: '/results' },
      { text: 'Export to ONNX', link: '/guide/export-onnx' },
      { text: 'Inference in Node', link: '/guide/inference-node' },
      { text: 'Inference in the browser', link: '/guide/inference-browser' },
      { text: 'Explanations', link: '/guide/explanations' },
    ],
  },
  { text: 'Live demo', link: '/demo' },
  { text: 'API reference', link: '/api/' },
];

export default defineConfig({
  title: 'imdb-rnn',
  description:
    'Recurrent sentiment classifiers for IMDB: train with TensorFlow.js, export to ONNX, run in Node and the browser.',
  srcDir: 'src',
  outDir: 'dist',
  // Dead internal links fail the build (VitePress default, kept on purpose).
  ignoreDeadLinks: false,
  lastUpdated: false,
  // The page hash map goes into one shared chunk instead of being inlined into
  // every page's HTML (it lists all API reference pages).
  metaChunk: true,
  // The demo's Web Worker (@imdb-rnn/infer-web/worker) is an ES module worker, like the
  // page's own code: bundle it as one, not as a classic script.
  vite: { worker: { format: 'es' } },
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  markdown: {
    // KaTeX renders at build time; its CSS and fonts are bundled from the
    // katex package by the theme, so pages need no CDN.
    config: (md) => {
      // @mdit/plugin-katex is typed against a newer @types/markdown-it than
      // VitePress bundles; the runtime API it uses is the same.
      md.use(katex as unknown as Parameters<typeof md.use>[0]);
    },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Results', link: '/results' },
      { text: 'Demo', link: '/demo' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      ...apiSidebars,
      '/api/': [
        {
          text: 'API reference',
          link: '/api/',
          items: apiSidebar.map(({ text, link }) => ({ text, link })),
        },
        ...guide,
      ],
      '/': guide,
    },
    search: { provider: 'local' },
    outline: [2, 3],
  },
});
