// When a commitment is due and how often, from the agreement's own values: a
// template commitment may name the clause's date variable (`dueFrom`) and the
// choice variable that sets its cadence (`cadenceFrom`). Pure.
import type { Cadence } from "../calendar/cadence";
import { isIsoDate } from "../calendar/dates";
import type { Commitment, VariableValues } from "./schema";

export interface CommitmentTiming {
  /** ISO date, or null when the template names no date or the value is missing. */
  dueDate: string | null;
  cadence: Cadence;
}

export function commitmentTiming(def: Pick<Commitment, "cadence" | "dueFrom" | "cadenceFrom">, values: VariableValues): CommitmentTiming {
  const due = def.dueFrom ? values[def.dueFrom] : undefined;
  const chosen = def.cadenceFrom ? values[def.cadenceFrom.variable] : undefined;
  return {
    dueDate: typeof due === "string" && isIsoDate(due) ? due : null,
    cadence: (typeof chosen === "string" ? def.cadenceFrom?.options[chosen] : undefined) ?? def.cadence,
  };
}
