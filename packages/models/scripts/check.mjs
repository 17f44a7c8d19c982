// Checks that models.json, the model files and the README's model cards agree
// (CI runs this through the package's tests). Exit code 1 lists every disagreement.
import { checkPackage, PACKAGE_DIR } from './manifest.mjs';

const problems = await checkPackage(PACKAGE_DIR);
for (const problem of problems) console.error(problem);
console.log(
  problems.length === 0
    ? 'models: manifest, files and cards agree'
    : `models: ${problems.length} problem(s)`,
);
process.exitCode = problems.length === 0 ? 0 : 1;
