// When the parties evaluate an agreement over the school year (a document type's
// `evaluationRhythm`). A rhythm that is also a cadence says the cadence's words.
// Pure, safe for the browser; the dates themselves are in school-year.ts.
import { CADENCE_LABELS } from "./cadence";

export const EVALUATION_RHYTHMS = ["jan-jun", "jan-mei", "per-trimester", "per-semester", "yearly"] as const;
export type EvaluationRhythm = (typeof EVALUATION_RHYTHMS)[number];

export const EVALUATION_RHYTHM_LABELS: Record<EvaluationRhythm, string> = {
  "jan-jun": "In januari en in juni",
  "jan-mei": "In januari en in mei",
  "per-trimester": CADENCE_LABELS["per-trimester"],
  "per-semester": CADENCE_LABELS["per-semester"],
  yearly: CADENCE_LABELS.jaarlijks,
};
