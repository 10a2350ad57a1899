/**
 * `npm run bench`: every performance scenario and its baselines in one run, on the bundled
 * CLI (dist/), each in fresh child processes. Prints medians with min–max and writes
 * bench/RESULTS.md with the machine, versions and ratios. Never part of `npm test`.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { minBriefsForWorkers } from '../src/commands/batch.ts';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const SAMPLE = join(ROOT, 'input/north-korea-recalls-commanders.txt');
const CORPUS = process.env.BRIEFSMITH_CORPUS ?? join(ROOT, '../shared/corpus/voa_stories.jsonl');
const BIN = join(ROOT, 'bin/briefsmith.cjs');
const QUICK = process.argv.includes('--quick');
const COLD_RUNS = QUICK ? 5 : 15;
const WARM_RUNS = QUICK ? 15 : 60;
/**
 * Untimed runs before a warm scenario's timed ones, the same for every row. V8 is still
 * optimising for a few hundred briefs more: the warm-up curve below shows where a process
 * settles.
 */
const WARM_UP = QUICK ? 20 : 100;
const require = createRequire(import.meta.url);

interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

function stat(values: number[]): Stat {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return {
    median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2,
    min: s[0],
    max: s[s.length - 1],
    n: s.length,
  };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const show = (s: Stat) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)}, n=${s.n})`;

/**
 * Wall time of a command, run `runs` times after one warm-up (file cache, tsx cache): until it
 * returns, as a shell waits for it. The launcher returns as soon as its child reports the
 * command done, before that child has torn down its heap; `untilAllEnded` waits for every
 * process holding the output pipes instead.
 */
function timeCommand(
  args: string[],
  runs: number,
  env: Record<string, string> = {},
  untilAllEnded = false,
): Stat {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: untilAllEnded ? 'pipe' : 'ignore',
    });
    const ms = performance.now() - t;
    if (r.status !== 0) {
      const again = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
      throw new Error(`${args.join(' ')} failed (exit ${r.status}): ${again.stderr}`);
    }
    if (i > 0) times.push(ms);
  }
  return stat(times);
}

/** Resident memory (kB) of a process and all its descendants, from /proc (Linux). */
function treeRssKb(root: number): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      parents.set(Number(entry), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]));
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid; p > 1; p = parents.get(p) ?? 0) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, kb] of rss) if (inTree(pid)) total += kb;
  return total;
}

/**
 * Wall time of one command until it returns, and the memory its processes hold together (the
 * launcher, the child it may start, their threads), sampled every 50 ms: the peak, and the
 * median of the samples over the second half of the run (a maximum grows with the number of
 * samples, the usual level does not).
 */
async function timeAndMemory(
  args: string[],
): Promise<{ ms: number; peakMb: number; usualMb: number; fifthsMb: number[] }> {
  const t = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const samplesKb: number[] = [];
  const sampler = setInterval(() => {
    if (child.pid) samplesKb.push(treeRssKb(child.pid));
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ms = performance.now() - t;
  clearInterval(sampler);
  if (code !== 0 && code !== 4) throw new Error(`${args.join(' ')} failed: ${stderr}`);
  const medianMb = (kb: number[]) => {
    const sorted = [...kb].sort((a, b) => a - b);
    return (sorted[sorted.length >> 1] ?? 0) / 1024;
  };
  const fifth = samplesKb.length / 5;
  return {
    ms,
    peakMb: Math.max(...samplesKb) / 1024,
    usualMb: medianMb(samplesKb.slice(samplesKb.length >> 1)),
    // The level through the run, a fifth at a time: where memory stops growing.
    fifthsMb: Array.from({ length: 5 }, (_, i) =>
      medianMb(samplesKb.slice(Math.round(i * fifth), Math.round((i + 1) * fifth))),
    ),
  };
}

/** Runs a scenario script (with Node's `nodeArgs`) and returns what it printed as JSON. */
function scenario<T>(script: string, args: string[] = [], nodeArgs: string[] = []): T {
  const out = execFileSync(
    process.execPath,
    [...nodeArgs, join(ROOT, 'bench/scenarios', script), ...args],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as T;
}

function version(pkg: string): string {
  try {
    return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
  } catch {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8'))
      .version;
  }
}

const lines: string[] = [];
const log = (line = '') => {
  console.log(line);
  lines.push(line);
};

console.log('building the bundle…');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
const work = mkdtempSync(join(tmpdir(), 'briefsmith-bench-'));
mkdirSync(join(ROOT, 'bench/.cache'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench/.cache/sample.docdef.json'),
  execFileSync(
    process.execPath,
    [BIN, 'build', SAMPLE, '--emit', 'docdef', '--date', '2026-11-29'],
    { cwd: ROOT },
  ),
);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
log('# Benchmark results');
log();
log(`Run with \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`);
log();
log(
  `- Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()} ${arch()}`,
);
log(
  `- Node ${process.version}; pdfmake ${version('pdfmake')}, pdfkit ${version('pdfkit')}, marked ${version('marked')}, handlebars ${version('handlebars')}, compromise ${version('compromise')}`,
);
log(
  '- Each cold time is a fresh `node` process, after one untimed warm-up run, until it returns (as a shell waits for it); medians with min–max.',
);
log();

// 1. Cold CLI build of the sample, against stock pdfmake rendering the same brief.
const cold = timeCommand(
  [BIN, 'build', SAMPLE, '-o', join(work, 'cold.pdf'), '-q', '--date', '2026-11-29'],
  COLD_RUNS,
);
const coldAllEnded = timeCommand(
  [BIN, 'build', SAMPLE, '-o', join(work, 'cold.pdf'), '-q', '--date', '2026-11-29'],
  COLD_RUNS,
  {},
  true,
);
const coldNoSnapshot = timeCommand(
  [BIN, 'build', SAMPLE, '-o', join(work, 'cold.pdf'), '-q', '--date', '2026-11-29'],
  COLD_RUNS,
  { BRIEFSMITH_NO_SNAPSHOT: '1' },
);
const coldNoMap = timeCommand(
  [BIN, 'build', SAMPLE, '-o', join(work, 'cold.pdf'), '-q', '--date', '2026-11-29', '--no-map'],
  COLD_RUNS,
);
const coldStock = timeCommand(
  [join(ROOT, 'bench/scenarios/warm.mjs'), 'stock-pdfmake', '1', '--cold'],
  COLD_RUNS,
);
const nodeStart = timeCommand(['-e', '0'], COLD_RUNS);
// Real stories, as a user builds them: the stories after those the common words
// (src/render/data/common-words.json) were chosen from, each once a round.
const commonWords = JSON.parse(
  readFileSync(join(ROOT, 'src/render/data/common-words.json'), 'utf8'),
) as { stories: number };
const unseen = readFileSync(CORPUS, 'utf8')
  .trim()
  .split('\n')
  .slice(commonWords.stories)
  .map((line, i) => {
    const story = JSON.parse(line) as { title: string; text: string };
    const path = join(work, `story-${i}.txt`);
    writeFileSync(path, `${story.title}\n\n${story.text}\n`);
    return path;
  });
const coldStoryTimes: number[] = [];
for (let round = 0; round < (QUICK ? 1 : 2); round++) {
  for (const story of unseen) {
    const args = [BIN, 'build', story, '-o', join(work, 'story.pdf'), '-q', '--date', '2026-11-29'];
    // One run after timeCommand's untimed one: its median is that run.
    coldStoryTimes.push(timeCommand(args, 1).median);
  }
}
const coldStories = stat(coldStoryTimes);
log('## Cold build of the sample (embedded fonts, extraction included)');
log();
log('| what | time | goal |');
log('|---|---|---|');
log(`| \`briefsmith build\` of the sample, until it returns | ${show(cold)} | ≤ 0.20 s |`);
log(
  `| the same, until its child process has also ended (~100 MB to free) | ${show(coldAllEnded)} | — |`,
);
log(
  `| the same without the startup snapshot (\`BRIEFSMITH_NO_SNAPSHOT=1\`) | ${show(coldNoSnapshot)} | — |`,
);
log(
  `| the same with \`--no-map\` | ${show(coldNoMap)} | map adds ≤ 60 ms: adds ${fmt(cold.median - coldNoMap.median)} |`,
);
log(
  `| baseline: stock pdfmake + Roboto rendering the same brief, one process | ${show(coldStock)} | — |`,
);
log(
  `| \`briefsmith build\` of a story of the corpus after its first ${commonWords.stories} (the common words come from those of the VOA corpus), ${unseen.length} stories each ${QUICK ? 'once' : 'twice'}: median of all runs | ${show(coldStories)} | — |`,
);
log(`| bare \`node -e 0\` | ${show(nodeStart)} | — |`);
log();
log(
  `Ratio, Briefsmith / stock pdfmake baseline: **${(cold.median / coldStock.median).toFixed(2)}×**.`,
);
log();

// 2. Warm brief in one process.
/**
 * Processes each warm row pools. One process's median differs from the next one's by up to
 * ±10 % on this VM (when V8 optimises what, the other core's load), more than some of the
 * gaps measured here; so every row runs in several processes, in rounds that run each row
 * once, and pools their times: a slow minute of the VM then costs every row alike.
 */
const WARM_PROCESSES = QUICK ? 2 : 5;
/**
 * One process timing every brief from its first: the median of each window shows how long
 * a process takes to reach its steady speed. Functions run once or twice a brief are still
 * being optimised by V8 after 100 briefs.
 */
const CURVE_WINDOW = QUICK ? 50 : 100;
const CURVE_WINDOWS = QUICK ? 3 : 6;
const steadyFrom = CURVE_WINDOW * (CURVE_WINDOWS - 1);
const warmRows = {
  warm: ['briefsmith', WARM_RUNS, WARM_UP],
  warmRender: ['briefsmith-render', WARM_RUNS, WARM_UP],
  warmNoMap: ['briefsmith-no-map', WARM_RUNS, WARM_UP],
  warmUntuned: ['briefsmith-stock-render', WARM_RUNS, WARM_UP],
  warmStock: ['stock-pdfmake', WARM_RUNS, WARM_UP],
  warmPdfkit: ['raw-pdfkit', WARM_RUNS, WARM_UP],
  warmStockSteady: ['stock-pdfmake', WARM_RUNS, steadyFrom],
  curve: ['briefsmith', CURVE_WINDOW * CURVE_WINDOWS, 0],
} as const;
const warmProcesses = Object.fromEntries(
  Object.keys(warmRows).map((row) => [row, [] as number[][]]),
) as Record<keyof typeof warmRows, number[][]>;
for (let round = 0; round < WARM_PROCESSES; round++) {
  for (const [row, [which, runs, warmUp]] of Object.entries(warmRows)) {
    const { times } = scenario<{ times: number[] }>('warm.mjs', [
      which,
      String(runs),
      String(warmUp),
    ]);
    warmProcesses[row as keyof typeof warmRows].push(times);
  }
}
/** A warm row: its times pooled over the processes, and each process's median. */
interface WarmRow extends Stat {
  processMedians: number[];
}
const pooled = (processes: number[][]): WarmRow => ({
  ...stat(processes.flat()),
  processMedians: processes.map((times) => stat(times).median),
});
const [warm, warmRender, warmNoMap, warmUntuned, warmStock, warmPdfkit, warmStockSteady] = (
  [
    'warm',
    'warmRender',
    'warmNoMap',
    'warmUntuned',
    'warmStock',
    'warmPdfkit',
    'warmStockSteady',
  ] as const
).map((row) => pooled(warmProcesses[row]));
const curveWindows = Array.from({ length: CURVE_WINDOWS }, (_, i) =>
  pooled(warmProcesses.curve.map((t) => t.slice(i * CURVE_WINDOW, (i + 1) * CURVE_WINDOW))),
);
const warmSteady = curveWindows[CURVE_WINDOWS - 1];
/** A pooled row: median (min–max, n) and the spread of its processes' medians. */
const showWarm = (row: WarmRow) =>
  `${show(row)}; process medians ${fmt(Math.min(...row.processMedians))}–${fmt(Math.max(...row.processMedians))}`;
log('## Warm brief in one process');
log();
log('| what | time | goal |');
log('|---|---|---|');
log(
  `| Briefsmith, whole pipeline (ingest → analyze → compose → render) | ${showWarm(warm)} | ≤ 12 ms |`,
);
log(
  `| Briefsmith, render only (the brief's document definition to PDF bytes, the baseline's scope) | ${showWarm(warmRender)} | ≤ 12 ms |`,
);
log(
  `| the whole pipeline with \`--no-map\` | ${showWarm(warmNoMap)} | map adds ≤ 15 ms: adds ${fmt(warm.median - warmNoMap.median)} |`,
);
log(
  `| the whole pipeline with \`BRIEFSMITH_STOCK_RENDER=1\` (render speed-ups off, same bytes) | ${showWarm(warmUntuned)} | — |`,
);
log(`| baseline: stock pdfmake + Roboto, render only | ${showWarm(warmStock)} | — |`);
log(`| floor: raw pdfkit, Helvetica, text only | ${showWarm(warmPdfkit)} | — |`);
log(
  `| Briefsmith, whole pipeline, steady: briefs ${steadyFrom + 1}–${steadyFrom + CURVE_WINDOW} of a process | ${showWarm(warmSteady)} | ≤ 12 ms |`,
);
log(
  `| baseline: stock pdfmake + Roboto, render only, after ${steadyFrom} untimed | ${showWarm(warmStockSteady)} | — |`,
);
log();
log(
  `Every brief of a process timed from its first (whole pipeline; ${WARM_PROCESSES} processes pooled), median per ${CURVE_WINDOW}: ${curveWindows
    .map((w, i) => `${i * CURVE_WINDOW + 1}–${(i + 1) * CURVE_WINDOW}: ${fmt(w.median)}`)
    .join(
      '; ',
    )}. The rows above time ${WARM_RUNS} briefs after ${WARM_UP} untimed ones, in each of ${WARM_PROCESSES} processes per row, run in rounds that take every row in turn; a row's times are pooled.`,
);
log();
log(
  `Ratios against stock pdfmake: render only **${(warmRender.median / warmStock.median).toFixed(2)}×**, whole pipeline ${(warm.median / warmStock.median).toFixed(2)}× (steady: ${(warmSteady.median / warmStockSteady.median).toFixed(2)}×); whole pipeline / raw pdfkit floor: ${(warm.median / warmPdfkit.median).toFixed(1)}×.`,
);
log();

// 3. Extraction alone.
const extraction = scenario<{ load: number; first: number; times: number[]; words: number }>(
  'analyze.mjs',
  [CORPUS],
);
const ex = stat(extraction.times);
log('## Extraction (analyze stage)');
log();
log('| what | time | goal |');
log('|---|---|---|');
log(`| warm extraction of a ${extraction.words}-word article | ${show(ex)} | ≤ 15 ms |`);
log(`| first extraction (lexicons built) | ${fmt(extraction.first)} | — |`);
log(
  `| loading the library bundle (all stages but the renderer) | ${fmt(extraction.load)} | ≤ 150 ms |`,
);
log();

// 4. Batch of 1,000 briefs on every core; memory flat in N.
const records = readFileSync(CORPUS, 'utf8').trim().split('\n');
/** A JSONL feed of `n` briefs in the work folder: the corpus records in turn, repeated. */
function corpusFeed(name: string, n: number): string {
  const feed = join(work, name);
  writeFileSync(
    feed,
    `${Array.from({ length: n }, (_, i) => records[i % records.length]).join('\n')}\n`,
  );
  return feed;
}
type Run = { n: number; ms: number; peakMb: number; usualMb: number; fifthsMb: number[] };
const batch: Run[] = [];
// A feed of 5,000 stories is ~23 MB: over --max-input's default, given for every size alike.
for (const n of QUICK ? [100, 200, 400, 800] : [250, 1000, 2000, 5000]) {
  const feed = corpusFeed(`feed-${n}.jsonl`, n);
  const out = join(work, `batch-${n}`);
  const r = await timeAndMemory([
    BIN,
    'build',
    feed,
    '-o',
    `${out}/`,
    '-q',
    '--max-input',
    '100000000',
    '--date',
    '2026-11-29',
  ]);
  batch.push({ n, ...r });
  rmSync(out, { recursive: true, force: true });
}
// What the briefs keep alive, apart from V8's choice of heap size: one process, full
// collections at checkpoints.
const liveN = QUICK ? 200 : 1000;
const live = scenario<{ liveMb: { briefs: number; mb: number }[] }>(
  'live-heap.mjs',
  [CORPUS, String(liveN)],
  ['--expose-gc'],
);
const [small, middle, large, largest] = batch as [Run, Run, Run, Run];
log(`## Batch: VOA corpus records repeated, \`--jobs\` = ${cpus().length} (one worker per core)`);
log();
log(
  '| briefs | wall time | per brief | peak memory (all processes, sampled every 50 ms) | usual memory (median sample, second half of the run) |',
);
log('|---|---|---|---|---|');
for (const b of batch)
  log(
    `| ${b.n} | ${fmt(b.ms)} | ${fmt(b.ms / b.n)} | ${b.peakMb.toFixed(0)} MB | ${b.usualMb.toFixed(0)} MB |`,
  );
log();
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
log(
  `Goal: 1,000 briefs ≤ 20 s with peak memory flat in N. Peak at ${largest.n} / at ${middle.n} briefs: **${ratio(largest.peakMb, middle.peakMb)}**; at ${large.n} / at ${middle.n}: ${ratio(large.peakMb, middle.peakMb)}; at ${middle.n} / at ${small.n}: ${ratio(middle.peakMb, small.peakMb)}. Usual memory, the same ratios: ${ratio(largest.usualMb, middle.usualMb)}, ${ratio(large.usualMb, middle.usualMb)} and ${ratio(middle.usualMb, small.usualMb)}.`,
);
log();
log(
  `Memory through the ${largest.n}-brief run, the median sample of each fifth of its time: ${largest.fifthsMb.map((mb) => `${mb.toFixed(0)} MB`).join(', ')}.`,
);
log();
log(
  `Heap in use after a full collection, one process building ${liveN} briefs from the ${records.length} records in turn: ${live.liveMb.map((c) => `${c.mb.toFixed(1)} MB after ${c.briefs}`).join(', ')}.`,
);
log();

// 4b. Small batches: without --jobs they build in the main thread (minBriefsForWorkers);
// the same batches on a worker per core, for comparison.
const SMALL_RUNS = QUICK ? 2 : 5;
log('## Small batches: the default against a worker per core');
log();
log('| briefs | default (`--jobs` not given) | `--jobs` = cores | default / workers |');
log('|---|---|---|---|');
for (const n of [2, 20, 100]) {
  const feed = corpusFeed(`small-${n}.jsonl`, n);
  const args = [
    BIN,
    'build',
    feed,
    '-o',
    `${join(work, `small-${n}`)}/`,
    '-q',
    '--date',
    '2026-11-29',
  ];
  const byDefault = timeCommand(args, SMALL_RUNS);
  const onWorkers = timeCommand([...args, '--jobs', String(cpus().length)], SMALL_RUNS);
  log(
    `| ${n} | ${show(byDefault)} | ${show(onWorkers)} | ${ratio(byDefault.median, onWorkers.median)} |`,
  );
}
log();
log(
  `Without \`--jobs\`, a batch of fewer than ${minBriefsForWorkers(cpus().length)} briefs on ${cpus().length} cores builds in the main thread, which starts warm from the startup snapshot, while worker threads start cold.`,
);
log();

// 5. One long document: per-page cost from 10 to 200 pages.
const pages = scenario<{ results: { pages: number; ms: number }[] }>('pages.mjs').results;
const perPage = pages.map((p) => p.ms / p.pages);
log('## One long document (render only)');
log();
log('| pages | time | per page |');
log('|---|---|---|');
for (const [i, p] of pages.entries()) log(`| ${p.pages} | ${fmt(p.ms)} | ${fmt(perPage[i])} |`);
log();
log(
  `Goal: linear per-page cost ±20 % from 10 to 200 pages; per-page cost at 200 pages is ${((perPage[perPage.length - 1] / perPage[0] - 1) * 100).toFixed(0)} % from the cost at 10.`,
);
log();

// 6. Commands that must not load the renderer.
const help = timeCommand([BIN, '--help'], COLD_RUNS);
const inspect = timeCommand([BIN, 'inspect', SAMPLE], COLD_RUNS);
const helpLoads = scenario<{ loaded: boolean }>('no-pdfmake.mjs', ['--help']).loaded;
const inspectLoads = scenario<{ loaded: boolean }>('no-pdfmake.mjs', ['inspect', SAMPLE]).loaded;
log('## Start-up of commands that need no renderer');
log();
log('| command | time | loads pdfmake? |');
log('|---|---|---|');
log(`| \`briefsmith --help\` | ${show(help)} | ${helpLoads ? '**yes**' : 'no'} |`);
log(
  `| \`briefsmith inspect\` of the sample | ${show(inspect)} | ${inspectLoads ? '**yes**' : 'no'} |`,
);
log();

rmSync(work, { recursive: true, force: true });
writeFileSync(join(ROOT, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
console.log('\nwrote bench/RESULTS.md');
