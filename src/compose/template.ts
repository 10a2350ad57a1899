import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { systemRefusal, TemplateError } from '../diagnostics.ts';
import { parseYamlMapping } from '../ingest/front-matter.ts';
import { packagePath } from '../paths.ts';
import { defaultTheme, PAGE_SIZES, type Theme } from '../render/theme.ts';

/** The templates that ship with Briefsmith. */
export const BUILTIN_TEMPLATES_DIR = packagePath('templates');

/** A template file: settings from its front-matter and a Handlebars body that produces Markdown. */
export interface Template {
  name: string;
  path: string;
  description: string;
  audience: string;
  theme: Theme;
  /** Paragraphs get portion marks such as `(U)`. */
  portionMarks: boolean;
  /** The template asks for a table of contents (`toc: true`); templates see it as `toc`. */
  toc: boolean;
  /** The template shows a locator map unless `map: false`; templates see it as `map`. */
  map: boolean;
  /** A digest template (`digest: true`) merges many articles; used by `build --combine`. */
  digest: boolean;
  /** What the template makes: `brief` (a PDF) or `email` (a message body, not for `build`). */
  kind: 'brief' | 'email';
  /** The Handlebars source after the front-matter. */
  body: string;
  /** Line of the file the body starts on, so Handlebars line numbers map to the file. */
  bodyLine: number;
  /** Folders whose `partials/*.hbs` this template may use: its own, then the built-in one. */
  partialDirs: string[];
}

const FENCE = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;
/** A template name is a plain word; anything with a path separator or dot is treated as a path. */
const NAME = /^[a-z0-9][a-z0-9_-]*$/i;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

function themeFrom(data: Obj, path: string): Theme {
  const fail: (field: string, expected: string) => never = (field, expected) => {
    throw new TemplateError(
      'bad-template-setting',
      `template setting \`${field}\` must be ${expected}`,
      {
        place: { file: path },
        hint: 'see the README section "Templates" for the settings a template can have',
      },
    );
  };
  const theme: Theme = structuredClone(defaultTheme);
  const page = own(data, 'page');
  if (page !== undefined) {
    if (!isObj(page)) fail('page', 'a mapping');
    const size = own(page, 'size');
    if (size !== undefined) {
      const s = String(size).toUpperCase();
      if (!(s in PAGE_SIZES)) fail('page.size', `one of ${Object.keys(PAGE_SIZES).join(', ')}`);
      theme.page.size = s as Theme['page']['size'];
    }
    const orientation = own(page, 'orientation');
    if (orientation !== undefined) {
      if (orientation !== 'portrait' && orientation !== 'landscape')
        fail('page.orientation', 'portrait or landscape');
      theme.page.orientation = orientation;
    }
    const margins = own(page, 'margins');
    if (margins !== undefined) {
      const m = typeof margins === 'number' ? [margins, margins, margins, margins] : margins;
      if (
        !Array.isArray(m) ||
        m.length !== 4 ||
        !m.every((x) => typeof x === 'number' && x >= 0 && x < 300)
      ) {
        fail('page.margins', 'a number or four numbers [left, top, right, bottom] in points');
      }
      theme.page.margins = m as Theme['page']['margins'];
    }
  }
  const colors = own(data, 'colors');
  if (colors !== undefined) {
    if (!isObj(colors)) fail('colors', 'a mapping');
    for (const key of Object.keys(theme.colors) as (keyof Theme['colors'])[]) {
      const v = own(colors, key);
      if (v === undefined) continue;
      if (typeof v !== 'string' || !/^#[0-9a-f]{6}$/i.test(v))
        fail(`colors.${key}`, 'a colour like "#1f3a5f"');
      theme.colors[key] = v;
    }
  }
  const fontSize = own(data, 'fontSize');
  if (fontSize !== undefined) {
    if (typeof fontSize !== 'number' || fontSize < 6 || fontSize > 16)
      fail('fontSize', 'a number from 6 to 16');
    theme.fontSize = fontSize;
  }
  const banner = own(data, 'banner');
  if (banner !== undefined) {
    if (typeof banner !== 'boolean') fail('banner', 'true or false');
    theme.banner = banner;
  }
  const watermark = own(data, 'watermark');
  if (watermark !== undefined && watermark !== null) {
    if (typeof watermark !== 'string') fail('watermark', 'a string');
    theme.watermark = watermark;
  }
  const footer = own(data, 'footer');
  if (footer !== undefined && footer !== null) {
    if (typeof footer !== 'string') fail('footer', 'a string');
    theme.footerText = footer;
  }
  return theme;
}

/** Parses a template file's text. */
export function parseTemplate(text: string, path: string, name: string): Template {
  const m = FENCE.exec(text);
  const data = m ? parseYamlMapping(m[1], path, 1, 'template front-matter') : {};
  const body = m ? text.slice(m[0].length) : text;
  const str = (k: string, fallback: string) => {
    const v = own(data, k);
    return typeof v === 'string' ? v : fallback;
  };
  return {
    name: str('name', name),
    path,
    description: str('description', ''),
    audience: str('audience', ''),
    theme: themeFrom(data, path),
    portionMarks: own(data, 'portionMarks') === true,
    toc: own(data, 'toc') === true,
    map: own(data, 'map') !== false,
    digest: own(data, 'digest') === true,
    kind: own(data, 'kind') === 'email' ? 'email' : 'brief',
    body,
    bodyLine: m ? (m[0].match(/\n/g) ?? []).length + 1 : 1,
    partialDirs: [...new Set([dirname(path), BUILTIN_TEMPLATES_DIR])],
  };
}

/** Files a template or partial may be missing as: looked for elsewhere, or not listed. */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * A template's or partial's text. A file that is there but cannot be read (permission
 * denied) is a template error naming it, not a missing template or a bug.
 */
async function readTemplateFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const why = systemRefusal(error);
    if (why === null || MISSING.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    throw new TemplateError('unreadable-template', `cannot read ${path}: ${why}`, {
      place: { file: path },
      hint: 'check that you may read the file',
      cause: error,
    });
  }
}

/**
 * Finds a template by name (in `dirs`, then the built-in folder) or by path. Names are
 * plain words, so a name can never walk out of the template folders.
 */
export async function loadTemplate(
  nameOrPath: string,
  dirs: readonly string[] = [],
): Promise<Template> {
  const isName = NAME.test(nameOrPath);
  const candidates = isName
    ? [...dirs, BUILTIN_TEMPLATES_DIR].map((d) => join(d, `${nameOrPath}.hbs`))
    : [resolve(nameOrPath)];
  for (const path of candidates) {
    let text: string;
    try {
      text = await readTemplateFile(path);
    } catch (error) {
      if (MISSING.has((error as NodeJS.ErrnoException).code ?? '')) continue;
      throw error;
    }
    return parseTemplate(text, path, basename(path, extname(path)));
  }
  const known = (await listTemplates(dirs)).map((t) => t.name);
  throw new TemplateError('unknown-template', `no template named \`${nameOrPath}\``, {
    hint: isName
      ? `available templates: ${known.join(', ')} (or give a path to a .hbs file)`
      : 'check the path to the .hbs file',
  });
}

/** Every template in `dirs` and the built-in folder; a name found earlier shadows a later one. */
export async function listTemplates(dirs: readonly string[] = []): Promise<Template[]> {
  const seen = new Map<string, Template>();
  for (const dir of [...dirs, BUILTIN_TEMPLATES_DIR]) {
    let files: string[];
    try {
      files = (await readdir(dir)).filter((f) => f.endsWith('.hbs')).sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const name = basename(file, '.hbs');
      if (seen.has(name)) continue;
      const path = join(dir, file);
      seen.set(name, parseTemplate(await readTemplateFile(path), path, name));
    }
  }
  return [...seen.values()];
}

/** The partials a template can use, by name: `{{> actors-table}}` is `partials/actors-table.hbs`. */
export async function loadPartials(
  template: Template,
): Promise<Map<string, { path: string; source: string }>> {
  const partials = new Map<string, { path: string; source: string }>();
  for (const dir of template.partialDirs) {
    const folder = join(dir, 'partials');
    let files: string[];
    try {
      files = (await readdir(folder)).filter((f) => f.endsWith('.hbs')).sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const name = basename(file, '.hbs');
      if (partials.has(name)) continue;
      const path = join(folder, file);
      partials.set(name, { path, source: await readTemplateFile(path) });
    }
  }
  return partials;
}
