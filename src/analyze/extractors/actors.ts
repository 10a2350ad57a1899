/**
 * Key actors: people, organisations, countries and places, one per real-world
 * actor, ordered by prominence (mentions), then by first mention.
 */
import type { Actor, Span } from '../../types.ts';
import type { Analysis } from '../context.ts';
import type { Entity } from '../entities.ts';

/** Every actor of the article with its aliases, mention count and evidence spans. */
export function extractActors(a: Analysis): Actor[] {
  const doc = a.doc;
  const first = (e: Entity) => {
    let best = Number.POSITIVE_INFINITY;
    for (const m of e.mentions)
      best = Math.min(best, doc.paragraphs[m.paragraph].span.offset + m.start);
    return best;
  };
  const entities = [...a.entities].sort(
    (x, y) => y.mentions.length - x.mentions.length || first(x) - first(y),
  );
  const ids = new Set<string>();
  return entities.map((e) => {
    const evidence: Span[] = [...e.mentions]
      .sort((x, y) => x.paragraph - y.paragraph || x.start - y.start)
      .map((m) => doc.span(m.paragraph, m.start, m.end));
    return {
      id: uniqueId(e.name, ids),
      name: e.name,
      kind: e.kind,
      role: e.role,
      affiliation: e.affiliation,
      aliases: [...e.forms.keys()].filter((f) => f !== e.name).sort(),
      mentions: e.mentions.length,
      evidence,
    };
  });
}

/** A slug of the name, numbered when two actors would share it. */
function uniqueId(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '') || 'actor';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
