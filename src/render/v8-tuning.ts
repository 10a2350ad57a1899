import { setFlagsFromString, startupSnapshot } from 'node:v8';
import { stockRenderAsked } from './stock.ts';

/** The one V8 flag the renderer sets for its process (see keepBriefObjectsYoung). */
export const NO_PRETENURING_FLAG = '--no-allocation-site-pretenuring';

let changed = false;

/**
 * Turns off V8's allocation-site pretenuring for this process, once. A brief's layout
 * objects (pdfmake's lines and words, the map's points) live for the ~10 ms of its render,
 * so a scavenge in the middle of one finds them alive; V8 then decides that their
 * allocation sites make long-lived objects and allocates them straight into the old
 * generation, where they die as ~1.3 MB of garbage per brief for full collections to find.
 * Left young, they die young: over 400 briefs of one process, V8's heap ~108 MB instead
 * of ~150 and a brief ~1.5 ms less (interleaved runs; README, Performance). The batch
 * child gets the same flag as it starts (bin/briefsmith.cjs), and so does the startup
 * snapshot's (scripts/build-snapshot.mjs): a snapshot is built and loaded under one set of
 * flags, so it is not set while building one.
 *
 * The only flag set at run time, and only this one: it changes a heuristic that V8 reads at
 * each scavenge, not how V8 is built or threaded (`--single-threaded-gc` set so crashed V8
 * in a worker). It is set only from the main thread (a batch sets it before its workers
 * start: `startWorkers`), and never under `BRIEFSMITH_STOCK_RENDER=1` or
 * `BRIEFSMITH_KEEP_V8_FLAGS=1` (for a program that embeds the library and wants V8 as it
 * set it). The output is the same bytes either way. `set` is for tests.
 */
export function keepBriefObjectsYoung(set: (flags: string) => void = setFlagsFromString): void {
  if (changed || stockRenderAsked() || process.env.BRIEFSMITH_KEEP_V8_FLAGS === '1') return;
  // A snapshot keeps the flags it was built with; and worker_threads is asked for only
  // after this check, since a blob holding it cannot start workers.
  if (startupSnapshot.isBuildingSnapshot()) return;
  if (!process.getBuiltinModule('node:worker_threads').isMainThread) return;
  changed = true;
  set(NO_PRETENURING_FLAG);
}
