/** Letters that Unicode decomposition does not reduce to ASCII. */
const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['’‘ʼʻ`´]/g;
const SEPARATORS = /[^a-z0-9]+/g;

/**
 * The lookup key of a place name: lower case, diacritics and apostrophes dropped,
 * every other run of non-alphanumerics one space. "Khān Yūnis", "Khan-Yunis" and
 * "khan yunis" share a key, so the gazetteer needs no spelling variants for them.
 */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (c) => SPECIAL[c] ?? c)
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .trim();
}
