import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLoader } from 'vitepress';
import { DOCS_ROOT } from '../../scripts/run-dir.mjs';

export interface DemoModel {
  architecture: string;
  file: string;
  bytes: number;
}

export interface ModelsManifest {
  models: DemoModel[];
}

declare const data: ModelsManifest;

export { data };

// The manifest scripts/prepare.mjs writes after copying a run's int8 models
// into the site; absent (dev server before any build) means no models.
export default defineLoader({
  async load(): Promise<ModelsManifest> {
    const text = await readFile(join(DOCS_ROOT, 'src/public/models/manifest.json'), 'utf8').catch(
      () => '{"models":[]}',
    );
    return JSON.parse(text) as ModelsManifest;
  },
});
