/**
 * Roles and affiliations from the words around a name: a title in front
 * ("Lieutenant General X"), a lower-case role in front ("security analyst X"), an
 * appositive after ("X, a senior fellow at the Atlantic Council,"), a relative clause
 * ("X, who was the special envoy for North Korea,") or "X of ORG".
 */
import type { Entity } from './entities.ts';
import {
  EXPERT_NOUNS,
  EXPERT_ORG_WORDS,
  FUNCTION_WORDS,
  ORG_DESCRIPTORS,
  SPEECH_CUES,
  TITLE_HEADS,
} from './lexicon.ts';
import type { Mention } from './mentions.ts';
import { nameLexicon } from './name-lexicon.ts';
import { type Doc, joinTokens, type Token } from './text.ts';

/** Nouns that name what a person is or does, beyond titles: "defector", "official". */
export const ROLE_NOUNS = new Set(
  (
    'official officials officer officers defector student reporter journalist correspondent editor member ' +
    'head founder lawmaker legislator activist candidate resident worker soldier diplomat negotiator ' +
    'representative envoy spokesman spokeswoman spokesperson adviser advisor aide deputy manager executive ' +
    'analyst expert fellow scholar researcher economist professor lecturer strategist specialist ' +
    'director president chairman chairwoman chair chief leader minister secretary commander general ' +
    'author writer historian scientist lawyer attorney judge prosecutor senator governor mayor ambassador ' +
    'partner consultant owner captain colonel officer militant fighter commissioner coordinator'
  ).split(' '),
);

const COPULAS = new Set([
  'is',
  'was',
  'are',
  'were',
  'has',
  'had',
  'have',
  'will',
  'would',
  'also',
]);
const ROLE_STOP = new Set(
  'since until after before during when while who whom which that in from and but with by as said says told'.split(
    ' ',
  ),
);
const RELATIVE = /^(?:who|which)$/;
const RELATIVE_VERBS = new Set([
  'is',
  'was',
  'has',
  'had',
  'been',
  'served',
  'serves',
  'as',
  'became',
  'becomes',
  'remains',
]);
const ARTICLES = new Set(['a', 'an', 'the']);

/** Resolves a mention to the entity that owns it. */
export type EntityOf = (m: Mention) => Entity | undefined;

interface Appositive {
  role: string | null;
  affiliation: Entity | null;
  /** Lower-cased words of the whole phrase, to judge the entity (think tank, consultancy). */
  words: string[];
}

/** Fills in titles, roles, affiliations and the think-tank flag of every entity. */
export function describeEntities(
  doc: Doc,
  entities: readonly Entity[],
  mentionsBySentence: Mention[][],
  entityOf: EntityOf,
): void {
  for (const e of entities) {
    for (const m of e.mentions) {
      const tokens = doc.paragraphs[m.paragraph].tokens;
      const sentenceMentions = mentionsBySentence[m.sentence];
      if (e.kind === 'person') {
        if (m.title && !e.title) {
          e.title = m.title;
          if (!e.role) e.role = m.titleOf ? `${m.titleOf} ${m.title}` : m.title;
          if (!e.affiliation && m.titleOf)
            e.affiliation = entityOf(ownerMention(sentenceMentions, m))?.name ?? m.titleOf;
        }
        if (!e.role) {
          const pre = roleBefore(tokens, m, sentenceMentions, entityOf);
          if (pre) {
            e.role = pre.role;
            if (!e.affiliation && pre.affiliation) e.affiliation = pre.affiliation.name;
          }
        }
        const app = appositive(tokens, m, sentenceMentions, entityOf);
        if (app && (!e.role || !e.affiliation)) {
          if (!e.role && app.role) e.role = app.role;
          if (!e.affiliation && app.affiliation) e.affiliation = app.affiliation.name;
        }
        if (!e.affiliation) {
          const of = ofOrganisation(tokens, m, sentenceMentions, entityOf);
          if (of) e.affiliation = of.name;
        }
      } else if (e.kind === 'organization') {
        const before = tokens[m.from - 1];
        if (before && !before.cap && ORG_DESCRIPTORS.has(before.lower)) {
          const phrase = lowerRun(tokens, m.from - 1);
          if (!e.role) e.role = phrase;
          if (phrase.split(' ').some((w) => EXPERT_ORG_WORDS.has(w))) e.expertBody = true;
        }
        const app = appositive(tokens, m, sentenceMentions, entityOf, true);
        if (app) {
          if (!e.role && app.role) e.role = app.role;
          if (app.words.some((w) => EXPERT_ORG_WORDS.has(w))) e.expertBody = true;
        }
      }
    }
    if (e.kind === 'organization' && isExpertName(e.name)) e.expertBody = true;
  }
}

/** A think tank or research body by its name: "… Institute", "… Endowment", "Council on Foreign Relations". */
function isExpertName(name: string): boolean {
  const ws = name.toLowerCase().split(/\s+/);
  if (
    ws.some(
      (w) => w === 'ministry' || w === 'department' || w === 'committee' || w === 'government',
    )
  )
    return false;
  // "Alliance on China", "Coalition for …": an advocacy network, whose people speak as analysts.
  const advocacy =
    (ws.includes('alliance') || ws.includes('coalition')) &&
    ws.some((w) => w === 'on' || w === 'for' || w === 'against') &&
    !ws.some((w) => w === 'party' || w === 'forces' || w === 'army' || w === 'military');
  return (
    advocacy ||
    ws.some((w) => EXPERT_ORG_WORDS.has(w)) ||
    (ws.includes('council') && ws.includes('relations'))
  );
}

/** The mention in front of a title ("U.S." of "U.S. President X"). */
function ownerMention(list: readonly Mention[], m: Mention): Mention {
  let best = m;
  for (const x of list) if (x.end <= m.start && x !== m) best = x;
  return best;
}

/** Lower-case words ending at token `last`, walking back over modifiers: "foreign policy think tank". */
function lowerRun(tokens: readonly Token[], last: number): string {
  let i = last;
  while (
    i - 1 >= 0 &&
    tokens[i - 1].word &&
    !tokens[i - 1].cap &&
    !FUNCTION_WORDS.has(tokens[i - 1].lower) &&
    last - i < 5
  )
    i--;
  return joinTokens(tokens.slice(i, last + 1));
}

/** "security analyst Kabiru Adamu", "Chinese Foreign Ministry spokesperson Mao Ning". */
function roleBefore(
  tokens: readonly Token[],
  m: Mention,
  mentions: readonly Mention[],
  entityOf: EntityOf,
): { role: string; affiliation: Entity | null } | null {
  const head = tokens[m.from - 1];
  if (!head?.word || !(ROLE_NOUNS.has(head.lower) || TITLE_HEADS.has(head.lower))) return null;
  let i = m.from - 1;
  let affiliation: Entity | null = null;
  while (i - 1 >= 0 && m.from - i < 6) {
    const t = tokens[i - 1];
    if (
      !t.word ||
      FUNCTION_WORDS.has(t.lower) ||
      SPEECH_CUES.has(t.lower) ||
      /-(?:based|born)$/.test(t.lower)
    )
      break;
    const owner = mentions.find((x) => x.to === i);
    if (owner) {
      affiliation = entityOf(owner) ?? null;
      if (owner.kind === 'organization') break;
      i = owner.from;
      break;
    }
    if (t.cap && i - 1 > 0) break;
    i--;
  }
  const role = joinTokens(
    tokens
      .slice(i, m.from)
      .filter(
        (t) =>
          !affiliation ||
          !mentions.some((x) => x.from <= t.index && t.index < x.to && x.kind === 'organization'),
      ),
  );
  return { role: role.replace(/^\p{Lu}(?=\p{Ll})/u, (c) => c.toLowerCase()), affiliation };
}

/**
 * The appositive after a mention: ", a North Korea expert at the Stimson Center,".
 * For organisations (`org`), the description: ", a foreign policy think tank in Washington".
 */
function appositive(
  tokens: readonly Token[],
  m: Mention,
  mentions: readonly Mention[],
  entityOf: EntityOf,
  org = false,
): Appositive | null {
  if (tokens[m.to]?.text !== ',') return null;
  let i = m.to + 1;
  if (tokens[i] && RELATIVE.test(tokens[i].lower)) {
    // "who was the special envoy", "who served as …"; "who spoke with …" describes nothing.
    if (!RELATIVE_VERBS.has(tokens[i + 1]?.lower ?? '')) return null;
    i++;
    while (tokens[i] && RELATIVE_VERBS.has(tokens[i].lower)) i++;
  }
  const start = i;
  let end = i;
  while (end < tokens.length && end - start < 24) {
    const t = tokens[end];
    if (
      t.text === ',' ||
      t.text === '.' ||
      t.text === ';' ||
      t.text === ')' ||
      t.text === '“' ||
      t.text === '”' ||
      t.text === '"'
    )
      break;
    end++;
  }
  if (end === start) return null;
  const phrase = tokens.slice(start, end);
  const lower = phrase.map((t) => t.lower);
  // A list ("Mali, Niger and Chad") is no appositive: it must describe, with a role word.
  const first = phrase[0];
  const describes =
    ARTICLES.has(first.lower) ||
    (!first.cap && first.word && !FUNCTION_WORDS.has(first.lower)) ||
    phrase[1]?.text === '’s' ||
    phrase[1]?.text === "'s";
  // ", spoke with …", ", said Dodik …": a verb opens a clause, not a description.
  if (
    !describes ||
    SPEECH_CUES.has(first.lower) ||
    COPULAS.has(first.lower) ||
    nameLexicon().verbs.has(first.lower) ||
    /ed$/.test(first.lower)
  )
    return null;
  if (!org && !lower.some((w) => ROLE_NOUNS.has(w) || TITLE_HEADS.has(w) || EXPERT_NOUNS.has(w)))
    return null;
  if (org && !lower.some((w) => ORG_DESCRIPTORS.has(w) || EXPERT_ORG_WORDS.has(w))) return null;

  let affiliation: Entity | null = null;
  let roleFrom = ARTICLES.has(first.lower) ? 1 : 0;
  // "Nigeria's defense minister": the possessor is the affiliation.
  const poss = phrase.findIndex((t) => t.text === '’s' || t.text === "'s");
  if (poss > 0 && poss <= 6) {
    const owner = mentions.find((x) => x.to === phrase[poss].index);
    if (owner) {
      affiliation = entityOf(owner) ?? null;
      roleFrom = poss + 1;
    }
  }
  let roleTo = phrase.length;
  const at = lower.indexOf('at', roleFrom);
  if (at > 0) {
    roleTo = at;
    const org = mentions.find(
      (x) =>
        x.from > phrase[at].index &&
        x.from <= phrase[at].index + 6 &&
        x.to <= phrase[phrase.length - 1].index + 1,
    );
    if (org && !affiliation) affiliation = entityOf(org) ?? null;
  } else if (!affiliation) {
    const ofOrg = mentions.find(
      (x) =>
        x.kind === 'organization' &&
        x.from > phrase[0].index &&
        x.to <= phrase[phrase.length - 1].index + 1 &&
        (['of', 'with', 'for', 'the'].includes(tokens[x.from - 1]?.lower ?? '') ||
          /-(?:based|born)$/.test(tokens[x.from - 1]?.lower ?? '')),
    );
    if (ofOrg) {
      affiliation = entityOf(ofOrg) ?? null;
      // "vice chairman of the Germany-based Kurdish Center for …": the role ends before the
      // organisation it names, which is the affiliation, not written twice.
      if (affiliation) {
        let cut = ofOrg.from - phrase[0].index;
        while (
          cut - 1 > roleFrom &&
          (/^(?:of|with|for|the|at|to|in)$/.test(lower[cut - 1]) ||
            /-(?:based|born)$/.test(lower[cut - 1]))
        )
          cut--;
        if (cut > roleFrom && cut < roleTo) roleTo = cut;
      }
    }
  }
  for (let k = roleFrom; k < roleTo; k++) {
    if (ROLE_STOP.has(lower[k]) && k > roleFrom) {
      roleTo = k;
      break;
    }
  }
  const role = roleTo > roleFrom ? joinTokens(phrase.slice(roleFrom, roleTo)) : null;
  return { role, affiliation, words: lower };
}

/** "Martin Kelly of EOS Risk Group", "Andrew Lebovich of the Dutch … think tank Clingendael". */
function ofOrganisation(
  tokens: readonly Token[],
  m: Mention,
  mentions: readonly Mention[],
  entityOf: EntityOf,
): Entity | null {
  if (tokens[m.to]?.lower !== 'of') return null;
  let found: Entity | null = null;
  for (let i = m.to + 1; i < tokens.length && i < m.to + 10; i++) {
    const t = tokens[i];
    if (!t.word) break;
    const x = mentions.find((y) => y.from === i);
    if (x) {
      const e = entityOf(x);
      if (e && e.kind === 'organization') found = e;
      else if (e && !found && e.kind === 'country') found = e;
      i = x.to - 1;
    }
  }
  return found;
}

/** Whether a person or speaker description marks an analyst, expert or think-tank voice. */
export function isExpertDescription(text: string | null): boolean {
  if (!text) return false;
  return text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((w) => EXPERT_NOUNS.has(w) || w === 'analytics' || w === 'research' || w === 'think');
}
