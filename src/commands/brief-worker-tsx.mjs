// Worker entry when Briefsmith runs from its TypeScript sources: worker threads do not take
// `--import` hooks from the parent, so this registers tsx's loader, then loads the job module.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./brief-worker.ts');

export default worker.default;
