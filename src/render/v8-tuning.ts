import { setFlagsFromString, startupSnapshot } from 'node:v8';

/** The one V8 flag the renderer sets for its process (see keepBriefObjectsYoung). */
export const YOUNG_BRIEF_OBJECTS_FLAG = '--no-allocation-site-pretenuring';

let mayChangeFlags = true;
let changed = false;

/**
 * For a batch's worker threads: V8's flags belong to the process, and the thread that
 * started the workers has already set them (`startWorkers`).
 */
export function leaveV8FlagsToTheMainThread(): void {
  mayChangeFlags = false;
}

/**
 * Turns off V8's allocation-site pretenuring for this process, once. A brief's layout
 * objects (pdfmake's lines and words, the map's points) live for the ~10 ms of its render,
 * so a scavenge in the middle of one finds them alive; V8 then decides that their
 * allocation sites make long-lived objects and allocates them straight into the old
 * generation, where they die as ~1 MB of garbage per brief for full collections to find.
 * Left young, they die young: over 400 briefs of one process, V8's heap ~108 MB instead
 * of ~150 and a brief ~1.5 ms less (interleaved runs; README, Performance). The batch
 * child gets the same flag as it starts (bin/briefsmith.cjs), and so does the startup
 * snapshot's (scripts/build-snapshot.mjs): a snapshot is built and loaded under one set of
 * flags, so it is not set while building one.
 *
 * The only flag set at run time, and only this one: it changes a heuristic that V8 reads at
 * each scavenge, not how V8 is built or threaded (`--single-threaded-gc` set so crashed V8).
 * The output is the same bytes; BRIEFSMITH_STOCK_RENDER=1 leaves V8 as it was, with the
 * other speed-ups. `set` is for tests.
 */
export function keepBriefObjectsYoung(set: (flags: string) => void = setFlagsFromString): void {
  if (changed || !mayChangeFlags) return;
  if (process.env.BRIEFSMITH_STOCK_RENDER === '1' || startupSnapshot.isBuildingSnapshot()) return;
  changed = true;
  set(YOUNG_BRIEF_OBJECTS_FLAG);
}
