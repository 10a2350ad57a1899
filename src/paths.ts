import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root folder (where package.json, templates/ and node_modules/ are). Found by
 * walking up from this module, so it is right both from src/ (tsx) and from a bundle in dist/.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Briefsmith cannot find its package.json');
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findRoot();

/** A path inside the package, e.g. `packagePath('templates')`. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
