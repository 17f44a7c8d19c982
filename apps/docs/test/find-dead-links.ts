import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

export interface DeadLink {
  /** page the link is on, relative to the site root */
  page: string;
  /** the link as written */
  link: string;
  problem: string;
}

// href/src of elements plus srcset-free url() are enough for a VitePress build:
// every internal navigation and asset reference is one of these attributes.
const LINK_ATTRIBUTE = /\s(?:href|src)="([^"]*)"/g;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * Checks every internal link and asset reference of a built static site:
 * the target file must exist (`/x/` -> `/x/index.html`, `/x` -> `/x.html`, as a
 * static host resolves them) and a `#fragment` must name an element id on the
 * target page. External URLs are not fetched (the check runs offline).
 */
export async function findDeadLinks(
  siteDir: string,
  pages: readonly string[],
): Promise<DeadLink[]> {
  const dead: DeadLink[] = [];
  const idsCache = new Map<string, Set<string>>();
  const idsOf = async (file: string) => {
    let ids = idsCache.get(file);
    if (!ids) {
      const html = await readFile(file, 'utf8');
      ids = new Set(
        Array.from(html.matchAll(/\sid="([^"]*)"/g), (m) => decodeEntities(m[1] ?? '')),
      );
      idsCache.set(file, ids);
    }
    return ids;
  };
  for (const page of pages) {
    const html = await readFile(join(siteDir, page), 'utf8');
    for (const match of html.matchAll(LINK_ATTRIBUTE)) {
      const link = decodeEntities(match[1] ?? '');
      if (link === '' || EXTERNAL.test(link)) continue;
      const [pathPart = '', fragment = ''] = link.split('#', 2);
      const path = (pathPart.split('?', 1)[0] ?? '').trim();
      const target = path === '' ? `/${page}` : posix.resolve(posix.dirname(`/${page}`), path);
      const file = resolveTarget(siteDir, decodeURIComponent(target));
      if (!file) {
        dead.push({ page, link, problem: `no file for ${target}` });
        continue;
      }
      if (fragment && file.endsWith('.html')) {
        const id = decodeURIComponent(fragment);
        if (!(await idsOf(file)).has(id)) {
          dead.push({ page, link, problem: `no element with id "${id}" in ${target}` });
        }
      }
    }
  }
  return dead;
}

function resolveTarget(siteDir: string, target: string): string | null {
  const base = join(siteDir, target);
  for (const candidate of [base, join(base, 'index.html'), `${base}.html`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
