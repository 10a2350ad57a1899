#!/usr/bin/env node
// Runs the bundle in dist/ (made by `npm run build`) when it is newer than every source
// file; otherwise runs the TypeScript sources through tsx, so a fresh clone and a
// developer's edits both work without a build step. When the build also made a V8 startup
// snapshot (dist/snapshot.blob, see scripts/build-snapshot.mjs) that fits this Node and these
// sources, the CLI runs in a child Node started from it instead: about half the start-up time.
// CommonJS: Node starts it ~3 ms sooner than an ES module, and every command pays that.
const { spawn } = require('node:child_process');
const { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } = require('node:fs');
const { availableParallelism } = require('node:os');
const { extname, join, resolve } = require('node:path');

const root = resolve(__dirname, '..');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let newestSrc;
function bundleIsFresh() {
  try {
    newestSrc ??= newestSource(join(root, 'src'));
    return statSync(join(root, 'dist/main.js')).mtimeMs >= newestSrc;
  } catch {
    return false;
  }
}

/**
 * The snapshot to start from, or why it cannot be used: a blob loads only in the Node binary
 * and under the V8 flags it was built with, and holds the sources and templates as they were
 * then (and the render speed-ups, which BRIEFSMITH_STOCK_RENDER turns off).
 */
function snapshotOrReason(args) {
  const env = process.env;
  // Help, version and the template list load little: a second Node process (~50 ms) and the
  // blob (~65 ms) cost them more than the snapshot saves. Both ways print the same.
  if (args.length === 0 || args[0] === 'templates' || args.some((a) => LIGHT.has(a))) {
    return 'not worth it for this command';
  }
  if (largeBatchOnWorkers(args)) return 'a large batch is built on worker threads';
  if (env.BRIEFSMITH_NO_SNAPSHOT) return 'BRIEFSMITH_NO_SNAPSHOT is set';
  if (env.BRIEFSMITH_STOCK_RENDER) return 'BRIEFSMITH_STOCK_RENDER is set';
  if (env.NODE_OPTIONS || process.execArgv.length > 0) return 'Node options are set';
  if (!bundleIsFresh()) return 'dist/ is older than src/';
  const dist = join(root, 'dist');
  const blob = join(dist, 'snapshot.blob');
  let meta;
  try {
    meta = JSON.parse(readFileSync(join(dist, 'snapshot.json'), 'utf8'));
    if (statSync(blob).size !== meta.size) return 'dist/snapshot.blob is not the one built';
  } catch {
    return 'no snapshot built';
  }
  if (
    meta.node !== process.version ||
    meta.execPath !== process.execPath ||
    meta.arch !== process.arch ||
    meta.platform !== process.platform ||
    meta.root !== root ||
    !Array.isArray(meta.flags) ||
    !meta.flags.every((f) => typeof f === 'string')
  ) {
    return 'built for another Node or folder';
  }
  try {
    if (meta.built < newestSrc) return 'src/ changed since it was built';
    if (meta.built < newestSource(join(root, 'templates')))
      return 'templates/ changed since it was built';
  } catch {
    return 'src/ or templates/ unreadable';
  }
  return { blob, flags: meta.flags };
}

const LIGHT = new Set(['--help', '-h', '--version']);

/**
 * `--jobs` as given (-j 4, -j4, -j=4, --jobs 4, --jobs=4; the last one, as src/cli.ts takes
 * it), or undefined. NaN for a word or no value, which build refuses (a usage error).
 */
function jobsArg(args) {
  const i = args.findLastIndex((a) => /^(?:-j|--jobs)(?:=?\d*)$/.test(a));
  if (i === -1) return undefined;
  const inline = args[i].replace(/^(?:-j|--jobs)=?/, '');
  return Number(inline || args[i + 1]);
}

/**
 * The smallest batch that `threads` worker threads build sooner than one thread: the same
 * model and numbers as `minBriefsForWorkers` in src/commands/batch.ts, where they are
 * explained (test/batch.test.ts checks that the two agree).
 */
function minBriefsForWorkers(threads) {
  const gain = 26 - 36 / threads;
  return threads > 1 && gain > 0 ? Math.ceil(1100 / gain) : Infinity;
}

/**
 * `build`'s options that take a value, as src/cli.ts defines them: one value, or (yargs'
 * arrays) every value up to the next option. test/batch.test.ts checks this list against
 * `build --help`.
 */
const BUILD_VALUE_OPTIONS = new Map([
  ...['--from', '--max-input', '--summary', '--smtp', '--diagnostics', '-o', '--output']
    .concat(['-t', '--template', '--classification', '--tlp', '--emit', '--date'])
    .concat(['--watermark', '-j', '--jobs'])
    .map((name) => [name, 'one']),
  ...['--field', '--email-to', '--email-cc', '--templates-dir', '--set'].map((name) => [
    name,
    'array',
  ]),
]);
// yargs also takes each long name in camel case (`--max-input` as `--maxInput`).
for (const [name, kind] of [...BUILD_VALUE_OPTIONS]) {
  const camel = name.replace(/(?<=^--.+)-([a-z])/g, (_, c) => c.toUpperCase());
  BUILD_VALUE_OPTIONS.set(camel, kind);
}

/**
 * A `build` command's arguments as yargs reads them: its inputs, and its options' values
 * (the last one given, or all of an array option's).
 */
function buildArgs(args) {
  const inputs = [];
  const values = new Map();
  const set = (name, value) =>
    BUILD_VALUE_OPTIONS.get(name) === 'array'
      ? values.set(name, [...(values.get(name) ?? []), value])
      : values.set(name, value);
  let taking;
  let flag = false;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    // What follows `--` is not read: build refuses it (stray-arguments).
    if (arg === '--') break;
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      const kind = BUILD_VALUE_OPTIONS.get(name);
      // An array option goes on taking words after `--set=k=v` too.
      taking = kind && (eq === -1 || kind === 'array') ? { name, kind } : undefined;
      flag = !kind && eq === -1;
      if (eq !== -1 && kind) set(name, arg.slice(eq + 1));
      continue;
    }
    // A boolean option takes `true` or `false` after it (`--pdfa true`).
    if (flag && (arg === 'true' || arg === 'false')) {
      flag = false;
      continue;
    }
    flag = false;
    if (taking) {
      set(taking.name, arg);
      if (taking.kind === 'one') taking = undefined;
      continue;
    }
    inputs.push(arg);
  }
  const value = (...names) => names.map((n) => values.get(n)).find((v) => v !== undefined);
  return { inputs, value };
}

/**
 * The feeds among the inputs and their formats: by extension, as `build` reads them, or
 * every file with `--from json` or `jsonl` (none with another `--from`).
 */
function feedsOf(inputs, from) {
  const files = inputs.filter((a) => a !== '-' && !/^https?:\/\//i.test(a));
  if (from !== undefined) {
    return /^jsonl?$/.test(from) ? files.map((path) => ({ path, format: from })) : [];
  }
  return files
    .filter((a) => /\.(?:jsonl|ndjson|json)$/i.test(a))
    .map((path) => ({ path, format: /\.json$/i.test(path) ? 'json' : 'jsonl' }));
}

/** Regular files only: opening a FIFO or a terminal named *.jsonl would block. */
function regularFileSize(path) {
  const s = statSync(path);
  return s.isFile() ? s.size : null;
}

/** `--max-input`'s default, as src/ingest/index.ts has it (test/batch.test.ts checks). */
const DEFAULT_MAX_INPUT = 10 * 1024 * 1024;

/** `--max-input`'s bytes, or its default when it is not a whole number (build refuses it). */
function maxInputOf(value) {
  const bytes = Number(value);
  return value !== undefined && Number.isInteger(bytes) && bytes >= 1 ? bytes : DEFAULT_MAX_INPUT;
}

/**
 * How many records the feeds hold, counted up to `enough`, as src/commands/build.ts counts
 * them: a JSONL feed's non-blank lines, a JSON file's records (`jsonRecords`). A file that
 * is not a regular file, is over `--max-input` or cannot be read counts one (build refuses
 * it as one input).
 */
function feedRecords(feeds, enough, maxInput, textField) {
  let records = 0;
  for (const { path, format } of feeds) {
    if (records >= enough) break;
    try {
      const size = regularFileSize(path);
      if (size === null || size > maxInput) records++;
      else if (format === 'json') records += jsonRecords(path, textField);
      else records += nonBlankLines(path, enough - records);
    } catch {
      records++;
    }
  }
  return records;
}

/** The names src/ingest/readers/json.ts looks for (test/batch.test.ts checks they agree). */
const JSON_TEXT_FIELDS = ['text', 'body', 'content', 'article', 'bodyText', 'story'];
const JSON_WRAPPER_KEYS = ['articles', 'items', 'results', 'data', 'records', 'stories'];

/**
 * A JSON file's records by the JSON reader's rule: an array's elements, else the array a
 * wrapper object holds (`{ "articles": [ … ] }`) unless the object has a text field
 * (`--field text=NAME`, or the usual names), else one. Text that is not JSON counts one.
 */
function jsonRecords(path, textField) {
  const bytes = readFileSync(path);
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? new TextDecoder('utf-16le').decode(bytes.subarray(2))
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? new TextDecoder('utf-16be').decode(bytes.subarray(2))
        : bytes.toString('utf8').replace(/^\uFEFF/, '');
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return 1;
  }
  if (Array.isArray(doc)) return Math.max(1, doc.length);
  if (doc === null || typeof doc !== 'object') return 1;
  const member = (name) =>
    name.split('.').reduce((v, key) => (v && typeof v === 'object' ? v[key] : undefined), doc);
  const hasText = (textField ? [textField] : JSON_TEXT_FIELDS).some(
    (name) => member(name) !== undefined,
  );
  const wrapped = JSON_WRAPPER_KEYS.map((key) => doc[key]).find(Array.isArray);
  return !hasText && wrapped ? Math.max(1, wrapped.length) : 1;
}

function nonBlankLines(path, enough) {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let lines = 0;
    let filled = false;
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      for (let i = 0; i < n; i++) {
        const byte = chunk[i];
        if (byte === 0x0a) {
          if (filled) lines++;
          filled = false;
        } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) filled = true;
      }
      if (lines >= enough) return lines;
    }
    return filled ? lines + 1 : lines;
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether this is a `build` that runs on worker threads, by the rule of
 * src/commands/build.ts as far as the arguments tell it: without `--jobs`, feeds holding
 * `minBriefsForWorkers(cores)` records or more with the other inputs (one each); with
 * `--jobs N` (N > 1), a feed of 64 KB or more, or several inputs. Its time is in the
 * workers, which start from the bundle, not the snapshot: the snapshot would save the main
 * thread its start-up (~0.3 s) and add its heap (~150 MB) to the batch's peak memory. A
 * smaller batch, a digest, `--emit`, email, output to standard output or a named file,
 * and `--jobs 1` build in the main thread and keep the snapshot.
 */
function largeBatchOnWorkers(args) {
  onWorkers ??= batchOnWorkers(args);
  return onWorkers;
}
let onWorkers;
function batchOnWorkers(args) {
  if (args[0] !== 'build') return false;
  const elsewhere = /^--(?:combine(?:=true)?|emit.*|email-?[tT]o.*)$/;
  if (args.some((a) => elsewhere.test(a))) return false;
  const { inputs, value } = buildArgs(args);
  // Standard output or one named file: one brief, built in the main thread.
  const output = value('-o', '--output');
  if (output === '-' || (output && extname(output) !== '' && !output.endsWith('/'))) return false;
  const maxInput = maxInputOf(value('--max-input', '--maxInput'));
  const feeds = feedsOf(inputs, value('--from'));
  const fields = value('--field') ?? [];
  const textField = fields.findLast((f) => f.startsWith('text='))?.slice('text='.length);
  // Every other input is one brief, as build counts it (a missing one fails as one).
  const others = inputs.length - feeds.length;
  const jobs = jobsArg(args);
  if (jobs !== undefined) {
    if (!(jobs > 1)) return false;
    const bigFeed = feeds.some(({ path }) => {
      try {
        const size = regularFileSize(path) ?? 0;
        return size >= 64 * 1024 && size <= maxInput;
      } catch {
        return false;
      }
    });
    return bigFeed || inputs.length > 1;
  }
  const enough = minBriefsForWorkers(availableParallelism());
  if (enough === Infinity) return false;
  return others + feedRecords(feeds, enough - others, maxInput, textField) >= enough;
}

/**
 * V8 flags for a large batch whose workers fill every core (`--jobs` at least the core count,
 * its default). Such flags are given as Node starts (`--single-threaded-gc` set later crashed
 * V8 in a worker), so such a batch runs in a child Node started with them.
 * - `--single-threaded-gc`: V8's garbage collector helps itself to helper threads, which then
 *   only take time from the workers; each thread collecting its own garbage, 1,000 briefs on
 *   2 cores take ~10 % less CPU.
 * - `--no-allocation-site-pretenuring`: V8 sees a brief's layout objects outlive a scavenge
 *   and starts allocating them in the old generation, where they die as garbage that only a
 *   full collection frees (~1.7 MB per brief). Left young, they die young.
 * - `--heap-growing-percent=50`: the old generation collected when it has grown by half, not
 *   up to 4× (V8's default for a heap that collects fast), so a worker's heap stops growing
 *   at ~1.5× what it keeps alive.
 * With the workers' larger young generation (src/commands/batch.ts), measured on 1,000 VOA
 * briefs on 2 cores: ~8 % faster and a peak ~30 % lower (bench/RESULTS.md).
 */
function batchFlags(args) {
  if (!largeBatchOnWorkers(args)) return undefined;
  if (process.env.NODE_OPTIONS || process.execArgv.length > 0) return undefined;
  const jobs = jobsArg(args);
  if (jobs !== undefined && !(jobs >= availableParallelism())) return undefined;
  return ['--single-threaded-gc', '--no-allocation-site-pretenuring', '--heap-growing-percent=50'];
}

const args = process.argv.slice(2);
/** Runs the CLI in this process: the bundle in dist/, or the sources through tsx. */
async function runHere() {
  const launched = process.env.BRIEFSMITH_LAUNCHED !== undefined;
  delete process.env.BRIEFSMITH_LAUNCHED;
  let main;
  let io;
  if (bundleIsFresh()) {
    main = await import('../dist/main.js');
    io = await import('../dist/io.js');
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    main = await import('../src/main.ts');
    io = await import('../src/io.ts');
  }
  // Started by a launcher (runInChild): stop when it is gone, tell it when the command is over.
  if (launched) main.followLauncher();
  const code = await main.run(process.argv.slice(2), io.nodeIo());
  if (launched) await main.reportDone(code);
  else process.exitCode = code;
}

/**
 * The child's environment. Node reads the file NODE_EXTRA_CA_CERTS names as it starts (~30 ms
 * for a system bundle of ~150 certificates), before any of our code runs. Only a command that
 * may open a TLS connection needs it: one that fetches a URL input or sends mail (nothing else
 * reaches the network), so the others go without.
 */
function childEnv(args) {
  // yargs also takes the camel-case spelling (--emailTo).
  const network =
    args[0] === 'email' ||
    args.some((a) => /^--email-?to(?:=|$)/i.test(a) || /^https?:\/\//i.test(a));
  if (network || process.env.NODE_EXTRA_CA_CERTS === undefined) return process.env;
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
  return env;
}

/**
 * The snapshot child's environment: childEnv, and glibc's malloc asked to back its large
 * blocks with transparent huge pages where the kernel allows it (`madvise` mode). Node reads
 * the ~16 MB blob into such a block, and the page faults of touching it one 4 KB page at a
 * time were ~40 % of the child's ~20,000 (~1.4 µs each on the 2-core VM): ~10 ms of a cold
 * build. Other C libraries ignore the variable; a value the user set is kept.
 */
function snapshotChildEnv(args) {
  const env = childEnv(args);
  const tunables = env.GLIBC_TUNABLES;
  if (tunables?.includes('glibc.malloc.hugetlb')) return env;
  const hugePages = 'glibc.malloc.hugetlb=1';
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${hugePages}` : hugePages };
}

/**
 * Runs the CLI in a child Node with `nodeArgs` before the user's arguments, in environment
 * `env`, and ends as it ended. Resolves only when the child never ran any of our code: Node
 * could not be started, or it refused a snapshot blob (exit code 14, Node's own code for
 * that), so the caller runs the CLI itself.
 */
function runInChild(nodeArgs, env) {
  return new Promise((fallBack) => {
    // The IPC channel tells the child when the launcher is gone (killed), so it stops too, and
    // the launcher when the command is over.
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...env, BRIEFSMITH_LAUNCHED: '1' },
    });
    // Terminal signals reach the child too (same process group), so the launcher ignores them,
    // waits, and then ends as the child did. SIGTERM and SIGHUP sent to the launcher alone are
    // passed on (twice is harmless: nothing handles them); SIGINT is not, since `build --watch`
    // stops cleanly on the first one and would die on a second.
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const pass = (signal) => {
      if (signal !== 'SIGINT') child.kill(signal);
    };
    const stopListening = () => {
      for (const s of signals) process.removeListener(s, pass);
    };
    for (const signal of signals) process.on(signal, pass);
    // The child says when the command is over (src/launched.ts): its output is written, and
    // the shell need not wait for it to tear down a heap of ~100 MB.
    child.on('message', (message) => {
      if (message?.briefsmith === 'done' && Number.isInteger(message.code)) {
        stopListening();
        if (process.env.BRIEFSMITH_SNAPSHOT_TRACE) {
          process.stderr.write(
            `briefsmith: the child reported the command done (exit ${message.code})\n`,
          );
        }
        process.exit(message.code);
      }
    });
    child.on('error', () => {
      stopListening();
      fallBack();
    });
    child.on('exit', (code, signal) => {
      stopListening();
      if (signal) process.kill(process.pid, signal);
      else if (code === 14 && nodeArgs.includes('--snapshot-blob')) {
        process.stderr.write(
          'briefsmith: the startup snapshot did not load; running without it (`npm run build` makes a new one)\n',
        );
        fallBack();
      } else process.exit(code ?? 1);
    });
  });
}

async function launch() {
  const snapshot = snapshotOrReason(args);
  if (process.env.BRIEFSMITH_SNAPSHOT_TRACE) {
    process.stderr.write(
      typeof snapshot === 'string'
        ? `briefsmith: startup snapshot not used: ${snapshot}\n`
        : 'briefsmith: startup snapshot used\n',
    );
  }
  const flags = batchFlags(args);
  if (typeof snapshot === 'object') {
    const env = snapshotChildEnv(args);
    if (process.env.BRIEFSMITH_SNAPSHOT_TRACE) {
      process.stderr.write(`briefsmith: the child's GLIBC_TUNABLES: ${env.GLIBC_TUNABLES}\n`);
    }
    await runInChild([...snapshot.flags, '--snapshot-blob', snapshot.blob, '--'], env);
  } else if (flags) {
    if (process.env.BRIEFSMITH_SNAPSHOT_TRACE) {
      process.stderr.write(`briefsmith: the batch runs in a child Node with ${flags.join(' ')}\n`);
    }
    await runInChild([...flags, __filename], childEnv(args));
  }
  await runHere();
}

// Required rather than run: by test/batch.test.ts, for the rule it shares with src/.
if (require.main === module) launch();
else {
  module.exports = {
    BUILD_VALUE_OPTIONS,
    DEFAULT_MAX_INPUT,
    JSON_TEXT_FIELDS,
    JSON_WRAPPER_KEYS,
    batchOnWorkers,
    feedRecords,
    minBriefsForWorkers,
  };
}
