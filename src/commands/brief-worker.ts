/**
 * A batch worker thread's module. Loading it warms the thread up (pdfmake, the parsed
 * fonts, the map's data) before the first job arrives, while the main thread is still
 * reading the inputs: piscina loads a worker's module as the thread starts.
 */
import { preloadMap } from '../render/map/index.ts';
import { compressOnThisThread, preloadRenderer } from '../render/pdf.ts';
import { runBriefJob } from './brief-job.ts';

compressOnThisThread();

// A warm-up that fails is not fatal here: the first job loads the same things again, and
// its error is reported as that job's failure, with the input it belongs to.
await Promise.all([preloadRenderer(), preloadMap()]).catch(() => {});

export default runBriefJob;
