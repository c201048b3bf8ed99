// Commitment statuses and building blocks: safe for the browser.

export const COMMITMENT_STATUSES = ["gepland", "lopend", "gehaald", "deels_gehaald", "niet_gehaald", "niet_meer_relevant"] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export const COMMITMENT_STATUS_LABELS: Record<CommitmentStatus, string> = {
  gepland: "Gepland",
  lopend: "Lopend",
  gehaald: "Gehaald",
  deels_gehaald: "Deels gehaald",
  niet_gehaald: "Niet gehaald",
  niet_meer_relevant: "Niet meer relevant",
};

/** Statuses that carry over to next year's agreement at renewal. */
export const OPEN_STATUSES: readonly CommitmentStatus[] = ["gepland", "lopend", "deels_gehaald", "niet_gehaald"];

export const CADENCE_LABELS: Record<string, string> = {
  eenmalig: "Eenmalig",
  "per-trimester": "Per trimester",
  "per-semester": "Per semester",
  jaarlijks: "Jaarlijks",
};

export const RASCI_LETTERS = ["R", "A", "S", "C", "I"] as const;
