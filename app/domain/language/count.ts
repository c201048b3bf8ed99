// Counting in Dutch: a number with its noun in the right form ("één schooljaar",
// "drie weken", "12 werkdagen", "1.250,5 euro"). Pure; used by the clause
// renderer, pages and mails alike so a count is written one way everywhere.

/** A noun (or unit) in its two forms; invariant words have the same text twice. */
export interface NounForms {
  one: string;
  other: string;
}

const WORDS = ["nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"];

const numberFormat = new Intl.NumberFormat("nl-BE", { maximumFractionDigits: 2 });

/** 1 → "één", 3 → "drie", … 12 → "twaalf"; other numbers in nl-BE digits ("13", "1.250,5"). */
export function numberInWords(value: number): string {
  return Number.isInteger(value) && value >= 0 && value < WORDS.length ? WORDS[value]! : numberFormat.format(value);
}

/** nl-BE digits: "1.250,5". */
export function formatNumberNlBe(value: number): string {
  return numberFormat.format(value);
}

/** The form of the noun that goes with this number: singular for exactly 1, plural otherwise. */
export function nounFor(value: number, noun: NounForms): string {
  return value === 1 ? noun.one : noun.other;
}

/** Nouns that are counted in digits, never in words (money). */
const DIGITS_ONLY = new Set(["euro"]);

/**
 * "één schooljaar", "drie weken", "15 werkdagen", "250 euro", "1,5 uur per week":
 * whole numbers up to twelve in words (as a person writes them), larger or
 * broken numbers and amounts of money in digits.
 */
export function countOf(value: number, noun: NounForms, options: { words?: boolean } = {}): string {
  const words = (options.words ?? true) && !DIGITS_ONLY.has(noun.other);
  const shown = words ? numberInWords(value) : formatNumberNlBe(value);
  return `${shown} ${nounFor(value, noun)}`;
}

/** A count in digits with its noun ("1 school", "40 scholen"): for figures on pages and in lists. */
export function countInDigits(value: number, noun: NounForms): string {
  return countOf(value, noun, { words: false });
}
