// Adds up every package's test results into the one line CI reads:
// `N passed, N failed`. Sources: vitest's JSON report (test-results/vitest.json)
// and Deno's JUnit report (test-results/deno.xml) in each workspace package.
// A package whose test script ran but left no report counts as one failure, so a
// crashed runner can never look green.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
const lines = [];

for (const group of ['packages', 'apps', 'tests']) {
  const groupDir = join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const name of readdirSync(groupDir).sort()) {
    const dir = join(groupDir, name);
    const pkgPath = join(dir, 'package.json');
    if (!existsSync(pkgPath)) continue;
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    if (!pkg.scripts?.test) continue;
    const results = join(dir, 'test-results');
    let p = 0;
    let f = 0;
    let reports = 0;
    const vitestJson = join(results, 'vitest.json');
    if (existsSync(vitestJson)) {
      const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
      p += report.numPassedTests;
      f += report.numFailedTests;
      // A file that fails to load has no tests but is still a failure.
      f += (report.testResults ?? []).filter(
        (r) => r.status === 'failed' && r.assertionResults.length === 0,
      ).length;
      reports++;
    }
    const denoXml = join(results, 'deno.xml');
    if (existsSync(denoXml)) {
      const xml = readFileSync(denoXml, 'utf8');
      const head =
        /<testsuites[^>]*\btests="(\d+)"[^>]*\bfailures="(\d+)"[^>]*\berrors="(\d+)"/.exec(xml);
      if (!head) {
        f += 1;
      } else {
        const total = Number(head[1]);
        const bad = Number(head[2]) + Number(head[3]);
        p += total - bad;
        f += bad;
      }
      reports++;
    }
    if (reports === 0) f += 1;
    lines.push(`${pkg.name}: ${p} passed, ${f} failed`);
    passed += p;
    failed += f;
  }
}
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
