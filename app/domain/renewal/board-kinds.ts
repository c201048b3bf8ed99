// The "Volgend schooljaar" board: which organisations have one, which
// agreement they hold with their schools, and the board's vocabulary. Pure.
import { AGREEMENT_STATUS_LABELS } from "~/domain/agreements/status";

/** Per kind of organisation, the agreement it makes with each of its schools. */
export const BOARD_DOCUMENT_TYPES = {
  clb: "afsprakennota",
  brugfiguren: "engagementsverklaring-brugfiguren",
  lokaal_bestuur: "samenwerkingsovereenkomst",
} as const;

export type BoardOrganisationKind = keyof typeof BOARD_DOCUMENT_TYPES;

/** How the board names that agreement in a sentence ("geen ondertekende nota voor …"). */
export const BOARD_DOCUMENT_NOUNS: Record<BoardOrganisationKind, string> = {
  clb: "nota",
  brugfiguren: "engagementsverklaring",
  lokaal_bestuur: "samenwerkingsovereenkomst",
};

export function isBoardKind(kind: string): kind is BoardOrganisationKind {
  return Object.hasOwn(BOARD_DOCUMENT_TYPES, kind);
}

/** Next year's agreement, as far as it got. */
export const NEXT_YEAR_STATES = ["geen", "concept", "verstuurd", "ondertekend"] as const;
export type NextYearState = (typeof NEXT_YEAR_STATES)[number];
/** The agreement's own words where the board's state is the agreement's status. */
export const NEXT_YEAR_STATE_LABELS: Record<NextYearState, string> = {
  geen: "Geen",
  concept: AGREEMENT_STATUS_LABELS.concept,
  verstuurd: "Verstuurd",
  ondertekend: AGREEMENT_STATUS_LABELS.ondertekend,
};

/** This year's evaluation: held when one of its evaluation moments was completed. */
export const EVALUATION_STATES = ["niet_gehouden", "gehouden"] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];
export const EVALUATION_STATE_LABELS: Record<EvaluationState, string> = {
  niet_gehouden: "Niet gehouden",
  gehouden: "Gehouden",
};

/** The dashboard status of next year's agreement on the board (a year that has not started is never "verlopen"). */
export function nextYearState(status: string): NextYearState {
  if (status === "ondertekend") return "ondertekend";
  if (status === "ter_ondertekening") return "verstuurd";
  if (status === "concept") return "concept";
  return "geen";
}
