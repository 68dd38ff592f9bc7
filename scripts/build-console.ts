// Builds the web console (web/ → web/dist): generates the typed API client from the server's
// OpenAPI document, then runs vite build — but only when an input changed since the last build
// (a hash of the inputs is kept in web/dist/.source-hash). Exits non-zero when the build fails.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'web/dist');
const stampFile = join(dist, '.source-hash');
const GENERATED = new Set(['web/src/api/openapi.json', 'web/src/api/schema.d.ts']);
/** What the console is made of: its sources, the server's vocabulary it imports, the API contract's sources, and what builds it. */
const INPUTS = [
  'web',
  'domain/vocabulary.ts',
  'domain/notices.ts',
  'domain/answers.ts',
  'api/schemas',
  'api/routes',
  'scripts/openapi.ts',
  'scripts/build-console.ts',
  'package-lock.json',
];

function files(path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true })
    .flatMap((entry) => {
      const child = relative(root, join(full, entry.name));
      if (child === 'web/dist' || entry.name === 'node_modules' || GENERATED.has(child)) return [];
      return entry.isDirectory() ? files(child) : [child];
    })
    .sort();
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

function run(what: string, command: string, args: string[]): void {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    rmSync(stampFile, { force: true });
    console.error(`[console] ${what} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
    process.exit(1);
  }
  console.log(`[console] ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const started = Date.now();
const hash = sourceHash();
const built = existsSync(join(dist, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash;
if (built && !process.argv.includes('--force')) {
  console.log(`[console] up to date (${hash.slice(0, 12)}), checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  const bin = (name: string) => join(root, 'node_modules/.bin', name);
  run('OpenAPI document', bin('tsx'), ['scripts/openapi.ts', 'web/src/api/openapi.json']);
  run('typed client', bin('openapi-typescript'), ['web/src/api/openapi.json', '-o', 'web/src/api/schema.d.ts', '--silent']);
  run('vite build', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
  writeFileSync(stampFile, `${hash}\n`);
  console.log(`[console] built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
