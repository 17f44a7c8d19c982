import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built site (`vitepress build` writes it; turbo runs the build before the tests). */
export const SITE_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export function assertSiteBuilt(): void {
  if (!existsSync(join(SITE_DIR, 'index.html'))) {
    throw new Error(`${SITE_DIR}/index.html is missing: run the docs build before its tests`);
  }
}

/** Every HTML page of the built site, as paths relative to SITE_DIR with `/` separators. */
export async function htmlPages(dir = SITE_DIR): Promise<string[]> {
  const pages: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) {
      pages.push(relative(SITE_DIR, join(entry.parentPath, entry.name)).split('\\').join('/'));
    }
  }
  return pages.sort();
}
