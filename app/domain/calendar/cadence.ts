// How often a commitment comes back over the school year. The one vocabulary for
// it: the clause library, the afspraken page, the signing page, the PDF, the CSV
// and the mails all say these words. Pure, safe for the browser.

export const CADENCES = ["eenmalig", "per-trimester", "per-semester", "jaarlijks"] as const;
export type Cadence = (typeof CADENCES)[number];

export const CADENCE_LABELS: Record<Cadence, string> = {
  eenmalig: "Eenmalig",
  "per-trimester": "Elk trimester",
  "per-semester": "Elk semester",
  jaarlijks: "Elk schooljaar",
};

export function isCadence(value: string): value is Cadence {
  return (CADENCES as readonly string[]).includes(value);
}

/** The label of a stored cadence; a value the vocabulary does not know is shown as it is. */
export function cadenceLabel(cadence: string): string {
  return isCadence(cadence) ? CADENCE_LABELS[cadence] : cadence;
}
