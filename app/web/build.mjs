// Builds the web client into one folder that planmap-server serves (and CMake installs):
//   node build.mjs --out DIR
// index.html (the one-map view), field.html and field/index.html (the field app), sw.js (the field
// app's service worker, at the root so it may cache the API and the tiles), assets/.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error(`build.mjs: ${join(here, 'node_modules')} is missing or stale: run scripts/setup.sh (it runs npm ci)`);
  process.exit(1);
}
const outArg = process.argv.indexOf('--out');
if (outArg < 0 || !process.argv[outArg + 1]) {
  console.error('build.mjs: usage: node build.mjs --out DIR');
  process.exit(2);
}
const out = process.argv[outArg + 1];
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const common = { bundle: true, minify: true, target: 'es2022', logLevel: 'warning', legalComments: 'none' };
// ESM keeps import.meta.url, from which MapLibre finds its worker script beside the bundle.
await esbuild.build({
  ...common,
  entryPoints: { onemap: join(here, 'src/onemap/main.ts'), field: join(here, 'src/field/main.ts') },
  outdir: join(out, 'assets'),
  format: 'esm',
  splitting: true,
  chunkNames: 'chunk-[hash]',
});
await esbuild.build({ ...common, entryPoints: [join(here, 'src/style.css')], outfile: join(out, 'assets/app.css') });
cpSync(join(here, 'node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs'), join(out, 'assets/maplibre-gl-worker.mjs'));
cpSync(join(here, 'static'), out, { recursive: true });
mkdirSync(join(out, 'field'), { recursive: true });
cpSync(join(out, 'field.html'), join(out, 'field/index.html'));
// A worker is controlled by the service worker whose scope its own URL is in: the field app's
// map worker lives under /field so that its tile requests reach the offline cache.
cpSync(join(out, 'assets/maplibre-gl-worker.mjs'), join(out, 'field/maplibre-gl-worker.mjs'));

// The service worker precaches every file of the field app; its version is their content's hash,
// so a new build replaces the old cache in one step.
function files(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}
const shell = files(out).map((f) => '/' + relative(out, f)).filter((p) => !p.startsWith('/index.html') && !p.includes('onemap') && p !== '/assets/maplibre-gl-worker.mjs');
const hash = createHash('sha256');
for (const p of shell) hash.update(p).update(readFileSync(join(out, p)));
await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src/field/sw.ts')],
  outfile: join(out, 'sw.js'),
  format: 'iife',
  define: { __SHELL__: JSON.stringify(['/field', ...shell]), __VERSION__: JSON.stringify(hash.digest('hex').slice(0, 12)) },
});
