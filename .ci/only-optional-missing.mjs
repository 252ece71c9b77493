// Reads `npm ci`'s error log on stdin; exits 0 when its only refusals are "Missing: name@… from lock
// file" for packages the lockfile names solely as optional dependencies (a platform-only optional
// package the registry lacked, or gained, after the lockfile was written: npm/cli#9846), else 1.
import { readFileSync } from 'node:fs';

const log = readFileSync(0, 'utf8');
if (/Invalid: /.test(log)) process.exit(1);
const missing = [...log.matchAll(/Missing: (@?[^@\s]+)@\S* from lock file/g)].map((m) => m[1]);
if (missing.length === 0) process.exit(1);

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const entries = Object.values(lock.packages ?? {});
const onlyOptional = (name) =>
  entries.some((e) => e.optionalDependencies && name in e.optionalDependencies) &&
  !entries.some(
    (e) => (e.dependencies && name in e.dependencies) || (e.devDependencies && name in e.devDependencies),
  );
const required = missing.filter((name) => !onlyOptional(name));
if (required.length > 0) {
  console.error(`ci: the lockfile lacks required packages: ${required.join(', ')}`);
  process.exit(1);
}
console.error(`ci: the lockfile lacks only optional packages: ${missing.join(', ')}`);
