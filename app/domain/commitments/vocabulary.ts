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

/** Statuses of a commitment still to be done: past its due date it is overdue. */
export const PENDING_COMMITMENT_STATUSES: readonly CommitmentStatus[] = ["gepland", "lopend"];

/** Past its due date and still to be done (`today` is the Brussels date, YYYY-MM-DD). */
export function isOverdue(commitment: { dueDate: string | null; status: string }, today: string): boolean {
  return commitment.dueDate !== null && commitment.dueDate < today && (PENDING_COMMITMENT_STATUSES as readonly string[]).includes(commitment.status);
}

/** Statuses that carry over to next year's agreement at renewal. */
export const OPEN_STATUSES: readonly CommitmentStatus[] = ["gepland", "lopend", "deels_gehaald", "niet_gehaald"];

export const RASCI_LETTERS = ["R", "A", "S", "C", "I"] as const;
