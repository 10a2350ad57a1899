/**
 * A batch worker thread's module. Loading it warms the thread up (pdfmake, the parsed
 * fonts, the map's data) before the first job arrives, while the main thread is still
 * reading the inputs: piscina loads a worker's module as the thread starts.
 */
import { preloadMap } from '../render/map/index.ts';
import { preloadRenderer } from '../render/pdf.ts';
import { runBriefJob } from './brief-job.ts';

await Promise.all([preloadRenderer(), preloadMap()]);

export default runBriefJob;
