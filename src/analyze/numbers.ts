/** Reading numbers written in digits or words: "12,000", "1.5 million", "a dozen", "tenfold". */

const SMALL: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Words that multiply the number before them. */
export const SCALES: Readonly<Record<string, number>> = {
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
};

/** The value of a number word or hyphenated pair ("seven", "twenty-five"), or null. */
export function wordValue(word: string): number | null {
  const w = word.toLowerCase();
  // Own keys only: `in` would also find "constructor" and "toString" on Object.prototype.
  if (Object.hasOwn(SMALL, w)) return SMALL[w];
  // Called for every token: only a hyphenated word of two number words can be one.
  if (w.length < 9) return null;
  const m =
    /^(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-‐‑](one|two|three|four|five|six|seven|eight|nine)$/.exec(
      w,
    );
  return m ? SMALL[m[1]] + SMALL[m[2]] : null;
}

/** The value of a digit string: "12,000" → 12000, "1.5" → 1.5; null for "1.2.3". */
export function digitValue(text: string): number | null {
  if (!/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/.test(text)) return null;
  const v = Number(text.replace(/,/g, ''));
  return Number.isFinite(v) ? v : null;
}

/** The factor of a multiplier word: "tenfold" → 10, "two-fold" → 2. */
export function multiplierValue(word: string): number | null {
  const m = /^(.+?)[-‐‑]?fold$/i.exec(word);
  if (!m) return null;
  return wordValue(m[1]) ?? digitValue(m[1]) ?? (m[1].toLowerCase() === 'hundred' ? 100 : null);
}
