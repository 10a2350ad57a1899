import { basename, extname, join, resolve } from 'node:path';
import { DeliveryError, UsageError } from '../diagnostics.ts';
import type { Io } from '../io.ts';

/** Where a brief goes: a file path, or standard output (`-o -`). */
export type Destination = { kind: 'stdout' } | { kind: 'file'; path: string };

/** A file-name-safe slug of a title: lower case ASCII words joined by hyphens, at most 60 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.length > 60 ? slug.slice(0, 60).replace(/-[^-]*$/, '') : slug;
  return cut || 'brief';
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
          hint: 'give -o a directory, or build one article at a time',
        },
      );
    }
    return [{ kind: 'stdout' }];
  }
  const isDir =
    output === undefined ||
    output.endsWith('/') ||
    (await io.isDirectory(resolve(io.cwd, output))) ||
    extname(output) === '';
  if (!isDir) {
    if (slugs.length > 1) {
      throw new UsageError(
        'file-many',
        `cannot write ${slugs.length} briefs to the one file ${output}`,
        {
          hint: 'give -o a directory instead',
        },
      );
    }
    return [{ kind: 'file', path: resolve(io.cwd, output) }];
  }
  const dir = resolve(io.cwd, output ?? 'output');
  const used = new Map<string, number>();
  return slugs.map((slug) => {
    const n = (used.get(slug) ?? 0) + 1;
    used.set(slug, n);
    return { kind: 'file', path: join(dir, `${n === 1 ? slug : `${slug}-${n}`}${extension}`) };
  });
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
