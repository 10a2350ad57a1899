import type { Article, Diagnostic, PublicSummary, Result } from '../types.ts';
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

/**
 * Merges actors across articles into one index: two actors are one entry when a name or
 * alias of one equals a name or alias of the other (the same person in three articles is
 * one entry listing the three). The entry keeps the longest name seen.
 */
export function actorIndex(entries: readonly DigestEntry[]): IndexEntry[] {
  const groups: { keys: Set<string>; entry: IndexEntry }[] = [];
  entries.forEach(({ summary }, i) => {
    for (const actor of summary.actors) {
      // A bare surname ("Kim") must not join two different people: only names and
      // multi-word or acronym aliases link entries.
      const strong = actor.aliases.filter((a) => /\s/.test(a.trim()) || /^[A-Z][A-Z.]+$/.test(a));
      const keys = new Set([actor.name, ...strong].map(key).filter(Boolean));
      const hits = groups.filter((g) => [...keys].some((k) => g.keys.has(k)));
      const [first, ...rest] = hits;
      const group = first ?? {
        keys: new Set<string>(),
        entry: { name: actor.name, kind: actor.kind, articles: [], mentions: 0 },
      };
      if (!first) groups.push(group);
      for (const other of rest) {
        for (const k of other.keys) group.keys.add(k);
        group.entry.articles.push(...other.entry.articles);
        group.entry.mentions += other.entry.mentions;
        groups.splice(groups.indexOf(other), 1);
      }
      for (const k of keys) group.keys.add(k);
      if (actor.name.length > group.entry.name.length && actor.kind === group.entry.kind)
        group.entry.name = actor.name;
      if (!group.entry.articles.includes(i + 1)) group.entry.articles.push(i + 1);
      group.entry.mentions += actor.mentions;
    }
  });
  return groups
    .map((g) => ({ ...g.entry, articles: [...new Set(g.entry.articles)].sort((a, b) => a - b) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
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
  const view = {
    ...(first ?? {}),
    count: entries.length,
    articles,
    actorIndex: escapeDeep(index.map((e) => ({ ...e, articles: e.articles.join(', ') }))),
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
