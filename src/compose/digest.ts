import type { ActorKind, Article, Diagnostic, PublicSummary, Result } from '../types.ts';
import { escapeDeep } from './escape.ts';
import { applyTemplate, buildViewModel, type ComposedBrief, type ComposeOptions } from './index.ts';
import { bannerFor } from './markings.ts';
import type { Template } from './template.ts';

/** One article of a digest, with its (possibly analyst-corrected) summary. */
export interface DigestEntry {
  article: Article;
  summary: PublicSummary;
}

export interface IndexEntry {
  name: string;
  kind: string;
  /** One-based numbers of the articles the actor appears in. */
  articles: number[];
  mentions: number;
}

/** A name's comparison key: case, punctuation, a leading "the" and a possessive do not matter. */
function key(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/['’]s$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** An actor of one article as the index sees it: a name, a kind and the keys that link it. */
interface ArticleActor {
  name: string;
  kind: ActorKind;
  mentions: number;
  /** Comparison keys that may join this actor to an actor of another article. */
  links: string[];
}

/** "NATO", "U.N.": an acronym, which may stand for a name of several words. */
const ACRONYM = /^[A-Z][A-Z.]+$/;

const words = (k: string): string[] => k.split(' ').filter(Boolean);

/** `part`'s words are a run of `whole`'s words, and fewer of them ("VOA" of "VOA Albanian"). */
function isCutFrom(part: string, whole: string): boolean {
  const p = words(part);
  const w = words(whole);
  if (p.length === 0 || p.length >= w.length) return false;
  for (let i = 0; i + p.length <= w.length; i++) if (p.every((x, j) => w[i + j] === x)) return true;
  return false;
}

/**
 * Short forms of given names with one usual formal name ("Jim" is James), so that "Jim Risch"
 * in one article and "James Risch" in another are one entry. Short forms of several names
 * ("Chris", "Alex", "Will", "Tony": Anthony or Antonio) are left out: they would join
 * strangers. A formal name spelt two ways ("Jeff": Jeffrey or Geoffrey) only misses the other.
 */
const FORMAL_GIVEN_NAMES = new Map(
  Object.entries({
    abe: 'abraham',
    andy: 'andrew',
    bill: 'william',
    billy: 'william',
    bob: 'robert',
    bobby: 'robert',
    charlie: 'charles',
    chuck: 'charles',
    dan: 'daniel',
    danny: 'daniel',
    dave: 'david',
    dick: 'richard',
    greg: 'gregory',
    jeff: 'jeffrey',
    jim: 'james',
    jimmy: 'james',
    joe: 'joseph',
    ken: 'kenneth',
    larry: 'lawrence',
    liz: 'elizabeth',
    matt: 'matthew',
    mike: 'michael',
    nick: 'nicholas',
    peggy: 'margaret',
    pete: 'peter',
    phil: 'philip',
    rob: 'robert',
    sue: 'susan',
    tim: 'timothy',
    tom: 'thomas',
    tommy: 'thomas',
    vlad: 'vladimir',
  }),
);

/**
 * A person's link with a short given name made formal ("jim risch" → "james risch"), kept
 * apart from other keys so that it joins persons only (not "Bill Street" to "William Street").
 */
function personKeys(own: string): string[] {
  const [given, ...rest] = words(own);
  const formal = given === undefined ? undefined : FORMAL_GIVEN_NAMES.get(given);
  return rest.length > 0 ? [`person:${[formal ?? given, ...rest].join(' ')}`] : [];
}

/**
 * The keys that may join an actor to one of another article. Its name links; so do aliases
 * that name it on their own: a multi-word name or an acronym's expansion ("U.N." and "United
 * Nations"). A short form cut from its own name does not: a surname ("Trump" of "Donald
 * Trump") or "VOA" of "VOA Albanian" says what the short form meant in that article only, and
 * linking on it would make every other article's VOA into VOA Albanian. A person also links
 * by its name with a short given name made formal (`personKeys`).
 */
function linkKeys(name: string, kind: ActorKind, aliases: readonly string[]): string[] {
  const own = key(name);
  const strong = aliases
    .filter((a) => /\s/.test(a.trim()) || ACRONYM.test(a))
    .map(key)
    .filter((k) => !isCutFrom(k, own));
  const person = kind === 'person' ? personKeys(own) : [];
  return [...new Set([own, ...person, ...strong])].filter(Boolean);
}

/**
 * A bare surname and a full name ending with it in one article are one actor when one of them
 * is a person: extraction sometimes files a full name as an organization or a place, or a
 * surname as an organization ("Doug Ford" and "Ford"). Never a country ("Jordan" is not
 * "Michael Jordan"), nor a bare name filed as a place ("Washington" is not "Ellen Washington").
 */
function sameBearer(surname: ActorKind, full: ActorKind): boolean {
  const places: ActorKind[] = ['country', 'place'];
  return (
    !places.includes(surname) && full !== 'country' && (surname === 'person' || full === 'person')
  );
}

/**
 * One article's actors for the index, with each bare surname folded into the one full name of
 * the same article that ends with it ("Zamora" into "Jose Ruben Zamora"). The surname does not
 * link across articles: a "Zamora" elsewhere may be someone else.
 */
function articleActors(actors: PublicSummary['actors']): ArticleActor[] {
  const out = actors.map((a) => ({
    name: a.name,
    kind: a.kind,
    mentions: a.mentions,
    aliases: a.aliases,
  }));
  const folded = new Set<(typeof out)[number]>();
  for (const surname of out) {
    const k = key(surname.name);
    if (words(k).length !== 1) continue;
    const fulls = out.filter((o) => {
      const w = words(key(o.name));
      return w.length > 1 && w[w.length - 1] === k && sameBearer(surname.kind, o.kind);
    });
    // "Bill Clinton" and "Hillary Clinton": a bare "Clinton" could be either.
    if (fulls.length !== 1) continue;
    const [full] = fulls;
    full.mentions += surname.mentions;
    full.kind = 'person';
    folded.add(surname);
  }
  // Linked once the kinds are settled: a full name a surname made a person links as one.
  return out
    .filter((a) => !folded.has(a))
    .map(({ aliases, ...a }) => ({ ...a, links: linkKeys(a.name, a.kind, aliases) }));
}

interface IndexGroup {
  keys: Set<string>;
  /** Each article's name for the actor, in article order. */
  names: { name: string; kind: ActorKind }[];
  articles: Set<number>;
  mentions: number;
}

/**
 * The name an entry goes by: the one most of its articles use, the longer on a tie, so one
 * article's "New York City" does not rename what five others call "New York"; an acronym only
 * when nothing else names it ("European Union" rather than "EU"). Its kind is the one most of
 * the articles using that name give it.
 */
function entryName(names: IndexGroup['names']): { name: string; kind: ActorKind } {
  const uses = (name: string) => names.filter((n) => n.name === name).length;
  const [name] = [...new Set(names.map((n) => n.name))].sort(
    (a, b) =>
      Number(ACRONYM.test(a)) - Number(ACRONYM.test(b)) ||
      uses(b) - uses(a) ||
      b.length - a.length ||
      a.localeCompare(b, 'en'),
  );
  const kinds = names.filter((n) => n.name === name).map((n) => n.kind);
  const count = (kind: ActorKind) => kinds.filter((k) => k === kind).length;
  const [kind] = [...new Set(kinds)].sort((a, b) => count(b) - count(a));
  return { name, kind };
}

/**
 * Merges actors across articles into one index: two actors are one entry when a name or
 * linking alias of one equals a name or linking alias of the other (the same person in three
 * articles is one entry listing the three).
 */
export function actorIndex(entries: readonly DigestEntry[]): IndexEntry[] {
  let groups: IndexGroup[] = [];
  entries.forEach(({ summary }, i) => {
    for (const actor of articleActors(summary.actors)) {
      const hits = groups.filter((g) => actor.links.some((k) => g.keys.has(k)));
      const group: IndexGroup = {
        keys: new Set([...hits.flatMap((g) => [...g.keys]), ...actor.links]),
        names: [...hits.flatMap((g) => g.names), { name: actor.name, kind: actor.kind }],
        articles: new Set([...hits.flatMap((g) => [...g.articles]), i + 1]),
        mentions: hits.reduce((n, g) => n + g.mentions, actor.mentions),
      };
      groups = [...groups.filter((g) => !hits.includes(g)), group];
    }
  });
  return groups
    .map((g) => ({
      ...entryName(g.names),
      articles: [...g.articles].sort((a, b) => a - b),
      mentions: g.mentions,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** The index's sections: the kinds of actor each lists, under its title. */
const INDEX_SECTIONS: readonly { title: string; kinds: readonly ActorKind[] }[] = [
  { title: 'People', kinds: ['person'] },
  { title: 'Organizations and groups', kinds: ['organization', 'group'] },
  { title: 'Countries and places', kinds: ['country', 'place'] },
];

/**
 * The index as the digest template lays it out: a section per group of kinds, its entries in
 * rows of two read across (the left entry, then the right one, then the next row), so the
 * table can break between any two rows and fill every page. A lone last entry gets an empty
 * partner. Sections with no entries are left out.
 */
function indexSections<T extends { name: string; kind: string }>(index: readonly T[]) {
  return INDEX_SECTIONS.map(({ title, kinds }) => {
    const entries = index.filter((e) => kinds.includes(e.kind as ActorKind));
    const blank = Object.fromEntries(Object.keys(entries[0] ?? {}).map((k) => [k, '']));
    const rows = Array.from({ length: Math.ceil(entries.length / 2) }, (_, i) => ({
      left: entries[2 * i],
      right: entries[2 * i + 1] ?? blank,
    }));
    return { title, rows };
  }).filter((section) => section.rows.length > 0);
}

/** Merges many articles through a digest template into one Markdown document. */
export async function composeDigest(
  entries: readonly DigestEntry[],
  template: Template,
  options: ComposeOptions,
): Promise<Result<ComposedBrief>> {
  const diagnostics: Diagnostic[] = [];
  const views = entries.map((entry) =>
    buildViewModel(entry.article, entry.summary, template, options),
  );
  const articles = views.map((view, i) => {
    diagnostics.push(...view.diagnostics);
    return { ...view.value, number: i + 1 };
  });
  const first = articles[0];
  // The digest's banner is the first article's marking, as the cover's fields are.
  const { classification, tlp } = views[0];
  const index = actorIndex(entries);
  const printedIndex = escapeDeep(index.map((e) => ({ ...e, articles: e.articles.join(', ') })));
  const view = {
    ...(first ?? {}),
    count: entries.length,
    articles,
    actorIndex: printedIndex,
    indexSections: indexSections(printedIndex),
  };
  const markdown = await applyTemplate(template, view);
  const title = `Digest of ${entries.length} ${entries.length === 1 ? 'article' : 'articles'}`;
  return {
    value: {
      markdown,
      theme: template.theme,
      banner: bannerFor(classification, tlp),
      info: {
        title,
        author: 'Briefsmith',
        subject:
          `${template.name}: ${entries.map((e) => e.summary.title ?? e.article.meta.title).join('; ')}`.slice(
            0,
            1000,
          ),
        keywords: index
          .sort((a, b) => b.mentions - a.mentions)
          .slice(0, 12)
          .map((e) => e.name)
          .join(', '),
        creator: 'Briefsmith',
        date: options.date,
      },
      file: template.path,
      assetDirs: [template.partialDirs[0]],
    },
    diagnostics,
  };
}
