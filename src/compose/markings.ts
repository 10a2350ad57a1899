import { UsageError } from '../diagnostics.ts';
import type { Banner } from '../render/document.ts';

/** TLP 2.0 labels with FIRST's colours (text on black). */
const TLP: Record<string, { color: string }> = {
  'TLP:CLEAR': { color: '#FFFFFF' },
  'TLP:GREEN': { color: '#33FF00' },
  'TLP:AMBER': { color: '#FFC000' },
  'TLP:AMBER+STRICT': { color: '#FFC000' },
  'TLP:RED': { color: '#FF2B2B' },
};

/** US classification banner colours (CAPCO), keyed by the level that starts the marking. */
const LEVELS: { prefix: string; fill: string; portion: string }[] = [
  { prefix: 'TOP SECRET', fill: '#FF8C00', portion: 'TS' },
  { prefix: 'SECRET', fill: '#C8102E', portion: 'S' },
  { prefix: 'CONFIDENTIAL', fill: '#0033A0', portion: 'C' },
  { prefix: 'CUI', fill: '#502B85', portion: 'CUI' },
  { prefix: 'CONTROLLED', fill: '#502B85', portion: 'CUI' },
  { prefix: 'UNCLASSIFIED', fill: '#007A33', portion: 'U' },
];

/** Normalises a TLP label given as "amber", "TLP:AMBER", "tlp amber+strict", "white" (TLP 1.0). */
export function normalizeTlp(value: string): string {
  let label = value
    .trim()
    .toUpperCase()
    .replace(/^TLP[\s:]*/, '');
  if (label === 'WHITE') label = 'CLEAR';
  const key = `TLP:${label}`;
  if (!TLP[key]) {
    throw new UsageError('bad-tlp', `\`${value}\` is not a TLP 2.0 label`, {
      hint: 'use one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED',
    });
  }
  return key;
}

/** The banner for a classification or TLP label; a TLP label wins when both are given. */
export function bannerFor(classification: string | null, tlp: string | null): Banner | null {
  if (tlp) {
    const label = normalizeTlp(tlp);
    return { text: label, color: TLP[label].color, fill: '#000000' };
  }
  if (!classification) return null;
  const text = classification.trim().toUpperCase();
  const level = LEVELS.find((l) => text.startsWith(l.prefix));
  return { text, color: '#FFFFFF', fill: level?.fill ?? '#4A4A4A' };
}

/** The portion mark for a paragraph under this classification: `(U)`, `(S)`, `(TLP:AMBER)`. */
export function portionMarkFor(classification: string | null, tlp: string | null): string {
  if (tlp) return `(${normalizeTlp(tlp)})`;
  const text = (classification ?? 'UNCLASSIFIED').trim().toUpperCase();
  return `(${LEVELS.find((l) => text.startsWith(l.prefix))?.portion ?? 'U'})`;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Military date-time group in UTC: `DDHHMMZ MON YY`, e.g. `271530Z NOV 26`. */
export function dateTimeGroup(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}Z ` +
    `${MONTHS[date.getUTCMonth()]} ${p(date.getUTCFullYear() % 100)}`
  );
}

const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `29 November 2026`, in UTC, independent of the machine's locale. */
export function longDate(date: Date): string {
  return `${date.getUTCDate()} ${LONG_MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
