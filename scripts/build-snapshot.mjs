// Builds the V8 startup snapshot dist/snapshot.blob that bin/briefsmith.cjs starts from when it
// can (see README, Performance): the whole CLI bundled into one CommonJS file
// (dist/snapshot-entry.cjs), run by `node --build-snapshot`, which renders one brief so the
// heap holds pdfmake, the fonts and the data. dist/snapshot.json records what the blob is
// valid for. Runs after scripts/bundle.mjs (in `npm run build` and `prepare`); it never fails:
// on any error it prints one line, leaves no blob, and the CLI starts without it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const entryOut = join(dist, 'snapshot-entry.cjs');
const blob = join(dist, 'snapshot.blob');
const metaFile = join(dist, 'snapshot.json');
const tmpBlob = join(dist, `snapshot.blob.${process.pid}.tmp`);
/**
 * V8 flags for building and for every run: a blob loads only under the flags it was built with.
 * A command started from the snapshot is short (one brief in ~0.2 s): incremental marking
 * would start marking the ~30 MB heap the snapshot brings just before the process ends
 * (~10 ms of a cold build); without it, a long run (a digest, watch) collects in full pauses.
 * No allocation-site pretenuring, as the renderer sets it for any other process
 * (src/render/v8-tuning.ts): a small batch built in the snapshot's process is a warm loop.
 */
const flags = ['--no-incremental-marking', '--no-allocation-site-pretenuring'];
const TIMEOUT_MS = Number(process.env.BRIEFSMITH_SNAPSHOT_TIMEOUT_MS) || 180_000;

/** The build environment: no NODE_OPTIONS (they would change V8's flags), stock render off. */
function cleanEnv() {
  const env = { ...process.env, NODE_OPTIONS: '' };
  delete env.BRIEFSMITH_STOCK_RENDER;
  return env;
}

function snapshotPlugin() {
  const req = createRequire(join(root, 'package.json'));
  const pdfmakeMain = req.resolve('pdfmake');
  const fromPdfmake = createRequire(pdfmakeMain);
  const pdfkitMain = fromPdfmake.resolve('pdfkit');
  const fontkitMain = createRequire(pdfkitMain).resolve('fontkit');
  // pdfmake's own classes the speed-ups and fixes change, by the names vendor-bundled.ts reads.
  const pdfmakeClasses = Object.entries({
    styles: './StyleContextStack.js',
    inlines: './TextInlines.js',
    writer: './ElementWriter.js',
    pdfmakeDoc: './PDFDocument.js',
  })
    .map(([name, file]) => `${name}: require(${JSON.stringify(fromPdfmake.resolve(file))})`)
    .join(', ');
  const distMain = pathToFileURL(join(dist, 'main.js')).href;
  const vendorBundled = join(root, 'scripts/snapshot/vendor-bundled.ts');
  return {
    name: 'briefsmith-snapshot',
    setup(b) {
      b.onResolve({ filter: /\/vendor\.ts$/ }, (args) =>
        args.importer.endsWith(join('src', 'render', 'pdf.ts')) ||
        args.importer.endsWith(join('src', 'render', 'fonts.ts'))
          ? { path: vendorBundled }
          : undefined,
      );
      b.onResolve({ filter: /^briefsmith:vendor$/ }, () => ({
        path: 'vendor',
        namespace: 'vendor',
      }));
      b.onLoad({ filter: /.*/, namespace: 'vendor' }, () => ({
        contents: `module.exports = { fontkit: require('fontkit'), pdfkit: require(${JSON.stringify(pdfkitMain)}), ${pdfmakeClasses} };`,
        loader: 'js',
        resolveDir: root,
      }));
      // Every `require('fontkit')` but the slot's own gets the slot: a mutable copy of
      // fontkit's exports (as require.cache replacement does outside the bundle).
      b.onResolve({ filter: /^fontkit$/ }, (args) =>
        args.namespace === 'slot'
          ? { path: fontkitMain }
          : { path: 'fontkit-slot', namespace: 'slot' },
      );
      b.onLoad({ filter: /.*/, namespace: 'slot' }, () => ({
        contents:
          "const real = require('fontkit'); module.exports = Object.defineProperty({ ...real }, '__real', { value: real });",
        loader: 'js',
        resolveDir: dirname(pdfkitMain),
      }));
      // piscina finds its worker file next to its own: it is required from node_modules at run
      // time (workers run dist/brief-worker.js without the snapshot).
      b.onResolve({ filter: /^piscina$/ }, () => ({ path: 'piscina', namespace: 'runtime' }));
      b.onLoad({ filter: /.*/, namespace: 'runtime' }, (args) => ({
        contents: `module.exports = require('node:module').createRequire(${JSON.stringify(join(root, 'package.json'))})(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
      // Modules only a rare feature needs, loaded from node_modules on first use: AES (pdfkit
      // encrypts no brief; its tables take 1.3 MB) and Brotli (WOFF2 fonts; a 1 MB dictionary).
      // The snapshot is ~2.3 MB smaller and starts that much sooner.
      b.onResolve({ filter: /^(?:@noble\/ciphers\/aes|brotli\/decompress)(?:\.js)?$/ }, (args) => ({
        path: createRequire(args.importer).resolve(args.path),
        namespace: 'lazy',
      }));
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
        contents: [
          'let real;',
          `const load = () => (real ??= require('node:module').createRequire(__filename)(${JSON.stringify(args.path)}));`,
          'module.exports = new Proxy(function lazy() {}, {',
          '  apply: (_, self, params) => Reflect.apply(load(), self, params),',
          '  get: (_, key) => load()[key],',
          '  has: (_, key) => key in load(),',
          '});',
        ].join('\n'),
        loader: 'js',
      }));
      // Bundled code must still see its own location: pdfkit reads data/*.afm next to itself,
      // yargs finds its locales, src/paths.ts walks up to package.json. Sources get the
      // location of dist/main.js (as in the ESM bundle), packages their own file.
      b.onLoad({ filter: /\.(ts|js|mjs|cjs)$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!/__dirname|__filename|import\.meta/.test(text)) return undefined;
        const inPackages = args.path.includes(`${join('/', 'node_modules', '/')}`);
        const url = inPackages ? pathToFileURL(args.path).href : distMain;
        const file = new URL(url).pathname;
        let contents = text
          .replaceAll('import.meta.url', JSON.stringify(url))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(file)))
          .replaceAll('import.meta.filename', JSON.stringify(file));
        if (
          inPackages &&
          /\b__(dirname|filename)\b/.test(contents) &&
          !/(const|let|var)\s+__(dirname|filename)\b/.test(contents)
        ) {
          contents = `var __dirname = ${JSON.stringify(dirname(args.path))}, __filename = ${JSON.stringify(args.path)};\n${contents}`;
        }
        return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}

async function bundle() {
  const { build } = await import('esbuild');
  const article = readFileSync(join(root, 'input/north-korea-recalls-commanders.txt'), 'utf8');
  await build({
    entryPoints: [join(root, 'scripts/snapshot/entry.ts')],
    outfile: entryOut,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    plugins: [snapshotPlugin()],
    define: { BRIEFSMITH_WARM_UP_ARTICLE: JSON.stringify(article) },
    legalComments: 'none',
    // V8 keeps script source in the heap: ASCII keeps it one byte per character.
    charset: 'ascii',
    minifyWhitespace: true,
    logLevel: 'error',
  });
  // charset: 'ascii' leaves regular expression literals alone; one non-Latin-1 character
  // would make the whole source a two-byte string (twice the snapshot space).
  const text = readFileSync(entryOut, 'utf8');
  const escaped = text.replace(
    /[^\x00-\x7f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (escaped !== text) writeFileSync(entryOut, escaped);
}

function lastLine(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        l && !/not yet fully verified|may still work|To request support|--trace-warnings/.test(l),
    );
  return lines.at(-1) ?? '';
}

function buildBlob() {
  const r = spawnSync(
    process.execPath,
    [...flags, '--snapshot-blob', tmpBlob, '--build-snapshot', entryOut],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      killSignal: 'SIGKILL',
    },
  );
  if (r.error) throw new Error(`node --build-snapshot: ${r.error.message}`);
  if (r.status !== 0 || !existsSync(tmpBlob)) {
    throw new Error(
      `node --build-snapshot exited with ${r.status ?? r.signal}: ${lastLine(r.stderr) || lastLine(r.stdout)}`,
    );
  }
}

/** The blob must start and run a command before it is put in place. */
function checkBlob() {
  const r = spawnSync(process.execPath, [...flags, '--snapshot-blob', tmpBlob, '--', 'templates'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 30_000,
    killSignal: 'SIGKILL',
  });
  if (r.status !== 0 || !r.stdout.includes('intel')) {
    throw new Error(
      `the built snapshot does not run (exit ${r.status ?? r.signal}): ${lastLine(r.stderr)}`,
    );
  }
}

const t0 = performance.now();
rmSync(blob, { force: true });
rmSync(metaFile, { force: true });
try {
  if (process.env.BRIEFSMITH_NO_SNAPSHOT) throw new Error('BRIEFSMITH_NO_SNAPSHOT is set');
  if (!existsSync(join(dist, 'main.js')))
    throw new Error('dist/main.js is missing (run scripts/bundle.mjs first)');
  await bundle();
  buildBlob();
  checkBlob();
  renameSync(tmpBlob, blob);
  const meta = {
    node: process.version,
    execPath: process.execPath,
    arch: process.arch,
    platform: process.platform,
    root,
    flags,
    size: statSync(blob).size,
    built: Date.now(),
  };
  writeFileSync(`${metaFile}.tmp`, `${JSON.stringify(meta, null, 2)}\n`);
  renameSync(`${metaFile}.tmp`, metaFile);
  console.error(
    `briefsmith: startup snapshot built (${(meta.size / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - t0)} ms)`,
  );
} catch (error) {
  rmSync(tmpBlob, { force: true });
  rmSync(blob, { force: true });
  rmSync(metaFile, { force: true });
  console.error(
    `briefsmith: no startup snapshot (${String(error?.message ?? error).split('\n')[0]}); the CLI starts without it`,
  );
}
