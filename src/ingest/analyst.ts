import { InputError } from '../diagnostics.ts';
import type { ActorKind, AnalystInput, ArticleMeta, KeyJudgment, PublicSummary } from '../types.ts';

type Obj = Record<string, unknown>;

const META_KEYS = ['title', 'source', 'url', 'author', 'published', 'language'] as const;
const TEXT_KEYS = ['classification', 'tlp', 'sourceGrade', 'preparedFor', 'preparedBy'] as const;
const ACTOR_KINDS: readonly ActorKind[] = ['person', 'organization', 'country', 'place', 'group'];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own properties only: keys such as `__proto__` in untrusted YAML/JSON must never reach a prototype. */
function get(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

class Checker {
  constructor(readonly file: string) {}

  fail(field: string, expected: string): never {
    throw new InputError('bad-field', `\`${field}\` must be ${expected}`, {
      place: { file: this.file },
      hint: 'see the README section "Analyst input" for the fields and their types',
    });
  }

  text(v: unknown, field: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (v instanceof Date) return v.toISOString().replace(/T00:00:00\.000Z$/, '');
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') this.fail(field, 'a string');
    return v;
  }

  textOrNull(v: unknown, field: string): string | null {
    return this.text(v, field) ?? null;
  }

  list<T>(v: unknown, field: string, item: (x: unknown, f: string) => T): T[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) this.fail(field, 'a list');
    return v.map((x, i) => item(x, `${field}[${i}]`));
  }

  obj(v: unknown, field: string): Obj {
    if (!isObj(v)) this.fail(field, 'a mapping');
    return v;
  }
}

function judgment(c: Checker, v: unknown, field: string): KeyJudgment {
  if (typeof v === 'string') return { text: v };
  const o = c.obj(v, field);
  const text = c.text(get(o, 'text'), `${field}.text`);
  if (!text) c.fail(`${field}.text`, 'a non-empty string');
  const likelihood = c.text(get(o, 'likelihood'), `${field}.likelihood`);
  const confidence = c.text(get(o, 'confidence'), `${field}.confidence`);
  return {
    text,
    ...(likelihood === undefined ? {} : { likelihood }),
    ...(confidence === undefined ? {} : { confidence }),
  };
}

/**
 * Reads a summary patch (the `inspect` JSON/YAML shape, possibly partial). Each field given
 * replaces the extracted one in the brief.
 */
export function readSummaryPatch(
  v: unknown,
  file: string,
  field = 'summary',
): Partial<PublicSummary> {
  const c = new Checker(file);
  const o = c.obj(v, field);
  const out: Partial<PublicSummary> = {};
  const str = (x: unknown, f: string) => c.text(x, f) ?? c.fail(f, 'a string');
  if (get(o, 'title') !== undefined) out.title = c.textOrNull(get(o, 'title'), `${field}.title`);
  const bottomLine = c.list(get(o, 'bottomLine'), `${field}.bottomLine`, str);
  if (bottomLine) out.bottomLine = bottomLine;
  const actors = c.list(get(o, 'actors'), `${field}.actors`, (x, f) => {
    const a = c.obj(x, f);
    const kind = c.text(get(a, 'kind'), `${f}.kind`) ?? 'person';
    if (!ACTOR_KINDS.includes(kind as ActorKind))
      c.fail(`${f}.kind`, `one of ${ACTOR_KINDS.join(', ')}`);
    return {
      name: str(get(a, 'name'), `${f}.name`),
      kind: kind as ActorKind,
      role: c.textOrNull(get(a, 'role'), `${f}.role`),
      affiliation: c.textOrNull(get(a, 'affiliation'), `${f}.affiliation`),
      aliases: c.list(get(a, 'aliases'), `${f}.aliases`, str) ?? [],
      mentions: Number(get(a, 'mentions') ?? 1) || 1,
    };
  });
  if (actors) out.actors = actors;
  const figures = c.list(get(o, 'figures'), `${field}.figures`, (x, f) => {
    const a = c.obj(x, f);
    const value = Number(get(a, 'value'));
    if (!Number.isFinite(value)) c.fail(`${f}.value`, 'a number');
    return {
      value,
      text: str(get(a, 'text'), `${f}.text`),
      unit: c.textOrNull(get(a, 'unit'), `${f}.unit`),
      qualifier: c.textOrNull(get(a, 'qualifier'), `${f}.qualifier`),
      sentence: c.text(get(a, 'sentence'), `${f}.sentence`) ?? '',
    };
  });
  if (figures) out.figures = figures;
  const views = c.list(get(o, 'views'), `${field}.views`, (x, f) => {
    const a = c.obj(x, f);
    return {
      speaker: str(get(a, 'speaker'), `${f}.speaker`),
      role: c.textOrNull(get(a, 'role'), `${f}.role`),
      affiliation: c.textOrNull(get(a, 'affiliation'), `${f}.affiliation`),
      cue: c.text(get(a, 'cue'), `${f}.cue`) ?? 'said',
      claim: str(get(a, 'claim'), `${f}.claim`),
    };
  });
  if (views) out.views = views;
  const quotes = c.list(get(o, 'quotes'), `${field}.quotes`, (x, f) => {
    const a = c.obj(x, f);
    return {
      speaker: c.textOrNull(get(a, 'speaker'), `${f}.speaker`),
      text: str(get(a, 'text'), `${f}.text`),
    };
  });
  if (quotes) out.quotes = quotes;
  const sources = c.list(get(o, 'sources'), `${field}.sources`, (x, f) =>
    typeof x === 'string' ? { name: x } : { name: str(get(c.obj(x, f), 'name'), `${f}.name`) },
  );
  if (sources) out.sources = sources;
  return out;
}

/**
 * Splits a front-matter (or `--summary`) mapping into article metadata and analyst input.
 * Unknown keys are ignored; known keys with the wrong type are an error.
 */
export function readAnalystFields(
  data: Obj,
  file: string,
): { meta: Partial<ArticleMeta>; analyst: AnalystInput } {
  const c = new Checker(file);
  const meta: Partial<ArticleMeta> = {};
  for (const key of META_KEYS) {
    const v = c.text(get(data, key), key);
    if (v !== undefined) meta[key] = v;
  }
  const analyst: AnalystInput = {};
  for (const key of TEXT_KEYS) {
    const v = c.text(get(data, key), key);
    if (v !== undefined) analyst[key] = v;
  }
  const judgments = c.list(get(data, 'keyJudgments'), 'keyJudgments', (x, f) => judgment(c, x, f));
  if (judgments) analyst.keyJudgments = judgments;
  const indicators = c.list(
    get(data, 'indicators'),
    'indicators',
    (x, f) => c.text(x, f) ?? c.fail(f, 'a string'),
  );
  if (indicators) analyst.indicators = indicators;
  if (get(data, 'summary') !== undefined)
    analyst.summary = readSummaryPatch(get(data, 'summary'), file);
  return { meta, analyst };
}

/** Later input wins field by field: `--summary` over front-matter over nothing. */
export function mergeAnalyst(base: AnalystInput, over: AnalystInput): AnalystInput {
  return {
    ...base,
    ...over,
    summary: base.summary || over.summary ? { ...base.summary, ...over.summary } : undefined,
  };
}
