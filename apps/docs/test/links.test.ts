import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDeadLinks } from './find-dead-links';
import { assertSiteBuilt, htmlPages, SITE_DIR } from './site-files';

describe('findDeadLinks', () => {
  it('reports missing pages and missing anchors, and accepts existing ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docs-links-'));
    try {
      await mkdir(join(dir, 'guide'));
      await writeFile(join(dir, 'index.html'), '<h2 id="top">x</h2>');
      await writeFile(
        join(dir, 'guide', 'a.html'),
        [
          '<a href="/index.html#top">ok</a>',
          '<a href="../">ok: directory index</a>',
          '<a href="./b">dead page</a>',
          '<a href="/index.html#nowhere">dead anchor</a>',
          '<a href="https://example.org/missing">external, not fetched</a>',
          '<img src="/logo.svg">',
        ].join('\n'),
      );
      const dead = await findDeadLinks(dir, ['index.html', 'guide/a.html']);
      expect(dead.map((d) => d.link)).toEqual(['./b', '/index.html#nowhere', '/logo.svg']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the built site', () => {
  it('has no dead internal links or anchors on any page', async () => {
    assertSiteBuilt();
    const pages = await htmlPages();
    expect(pages).toContain('index.html');
    expect(pages).toContain('demo.html');
    expect(pages).toContain('api/index.html');
    const dead = await findDeadLinks(SITE_DIR, pages);
    expect(dead).toEqual([]);
  });
});
