import { basename, extname, join, resolve } from 'node:path';
import { DeliveryError, UsageError } from '../diagnostics.ts';
import type { Io } from '../io.ts';
import type { Article } from '../types.ts';

/** Where a brief goes: a file path, or standard output (`-o -`). */
export type Destination = { kind: 'stdout' } | { kind: 'file'; path: string };

/**
 * The name of an article's brief: its title's slug; for a title with no ASCII letter or
 * digit ("日本の記事", "???") or none at all, its file's, with the record's line for a feed.
 */
export function briefSlug(article: Pick<Article, 'meta' | 'origin'>): string {
  const fromTitle = slugOf(article.meta.title ?? '');
  if (fromTitle !== '') return fromTitle;
  const { path, record } = article.origin;
  const file = slugOf(basename(path, extname(path)));
  if (file === '') return 'brief';
  return record === null ? file : `${file}-${record}`;
}

/** A file-name-safe slug of a title: lower case ASCII words joined by hyphens, at most 60 characters. */
export function slugify(title: string): string {
  return slugOf(title) || 'brief';
}

/** The slug of a text, empty when it has no ASCII letter or digit. */
function slugOf(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length > 60 ? slug.slice(0, 60).replace(/-[^-]*$/, '') : slug;
}

/**
 * Whether `-o` names a folder: not given (`output/`), ending in `/`, an existing folder, or
 * a name without an extension. `-` is standard output.
 */
export async function outputIsFolder(io: Io, output: string | undefined): Promise<boolean> {
  if (output === undefined) return true;
  if (output === '-') return false;
  return (
    output.endsWith('/') ||
    extname(output) === '' ||
    (await io.isDirectory(resolve(io.cwd, output)))
  );
}

/**
 * Decides every output path of a build up front, so names never collide: `-o -` is stdout,
 * `-o x.pdf` one file, `-o dir/` (or an existing directory) a folder, nothing is `output/`.
 */
export async function planDestinations(
  io: Io,
  output: string | undefined,
  slugs: readonly string[],
  extension = '.pdf',
): Promise<Destination[]> {
  if (output === '-') {
    if (slugs.length > 1) {
      throw new UsageError(
        'stdout-many',
        `cannot write ${slugs.length} briefs to standard output`,
        {
          hint: 'give -o a folder (-o briefs/) for one PDF each, add --combine for one digest of them all, or build one article at a time',
        },
      );
    }
    return [{ kind: 'stdout' }];
  }
  if (output !== undefined && !(await outputIsFolder(io, output))) {
    if (slugs.length > 1) {
      throw new UsageError(
        'file-many',
        `cannot write ${slugs.length} briefs to the one file ${output}`,
        {
          // `-o briefs.d` was most likely meant as a folder; `-o one.pdf`, as one document.
          hint:
            extname(output).toLowerCase() === '.pdf'
              ? `give -o a folder (-o ${output.slice(0, -4) || 'briefs'}/) for one PDF each, or add --combine for one digest of them all in ${output}`
              : `end -o with a / to make it a folder: -o ${output}/ (or add --combine for one digest of them all)`,
        },
      );
    }
    return [{ kind: 'file', path: resolve(io.cwd, output) }];
  }
  const names = new OutputNames(resolve(io.cwd, output ?? 'output'), extension);
  return slugs.map((slug) => ({ kind: 'file', path: names.next(slug) }));
}

/**
 * Output paths in a folder, one per brief, that never collide: the second brief named
 * `talks` is `talks-2`, and a brief whose own name is `talks-2` then gets `talks-2-2`.
 * Given in order, so a batch can name its briefs as it goes.
 */
export class OutputNames {
  readonly #used = new Set<string>();
  readonly #count = new Map<string, number>();

  constructor(
    readonly dir: string,
    readonly extension = '.pdf',
  ) {}

  next(slug: string): string {
    let n = this.#count.get(slug) ?? 0;
    let name: string;
    do {
      n++;
      name = n === 1 ? slug : `${slug}-${n}`;
    } while (this.#used.has(name));
    this.#count.set(slug, n);
    this.#used.add(name);
    return join(this.dir, `${name}${this.extension}`);
  }
}

/** Writes bytes to their destination; a file is written atomically (temp file, then rename). */
export async function deliver(io: Io, destination: Destination, bytes: Uint8Array): Promise<void> {
  if (destination.kind === 'stdout') {
    io.stdout.write(bytes);
    return;
  }
  try {
    await io.writeFileAtomic(destination.path, bytes);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reasons: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOSPC: 'the disk is full',
      EDQUOT: 'the disk quota is used up',
      ENOTDIR: 'a parent of the path is a file, not a folder',
      EEXIST: 'a parent of the path is a file, not a folder',
      EISDIR: 'the path is a folder',
      ENOENT: 'the folder cannot hold new files',
    };
    // The system's own message would name the temporary file; say what it means instead.
    const reason = reasons[e.code ?? ''] ?? (e.code ? `the system said ${e.code}` : e.message);
    throw new DeliveryError(
      'write-failed',
      `cannot write ${basename(destination.path)}: ${reason}`,
      {
        place: { file: destination.path },
        hint: 'choose another output with -o',
        cause: error,
      },
    );
  }
}
