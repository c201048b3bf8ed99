// What a signer commits to, in short: the commitments of their own party (the
// ones it bears or carries out or answers for) and the key dates (how long the
// agreement runs, when it is evaluated). Read from the verified snapshot, so
// it says exactly what the signed text says. Shown above the full text on the
// signing page and on the in-app signing page.
import { agreedEvaluationMoments, plannedEvaluationMoments } from "~/domain/evaluation/schedule-evaluations.server";
import { schoolYearsOf } from "~/domain/evaluation/evaluations.server";
import { RASCI_LABELS, type RasciLetter } from "~/domain/templates/schema";
import type { VersionSnapshot } from "~/domain/versions/snapshot";
import { dueLabel, formatDate } from "./document.server";

export type SummaryCommitment = {
  what: string;
  /** Who bears it: a party's name, or "Alle partijen". */
  bearer: string;
  /** Due date and/or cadence, e.g. "30/09/2026" or "Elk trimester". */
  due: string;
  /** The signer's party's RASCI role in words, when it has one. */
  ownRole: string | null;
};

export type SignerSummary = {
  party: { name: string; roleLabel: string };
  commitments: SummaryCommitment[];
  /** "Schooljaar 2026-2027" or "3 schooljaren: 2026-2027 tot en met 2028-2029". */
  duration: string;
  evaluations: Array<{ date: string; label: string }>;
  /** True when the dates are the nota's own; false when they follow the document type's rhythm. */
  evaluationsAgreed: boolean;
};

/** Letters that make a commitment the party's own: it carries it out or answers for it. */
const OWN_LETTERS = new Set(["R", "A"]);

export function signerSummary(snapshot: VersionSnapshot, partyRole: string): SignerSummary {
  const party = snapshot.parties.find((p) => p.partyRole === partyRole);
  const bearerName = (role: string | null) => {
    if (!role) return "Alle partijen";
    const parties = snapshot.parties.filter((p) => p.partyRole === role);
    return parties.length === 1 ? parties[0]!.name : (parties[0]?.partyRoleLabel ?? role);
  };
  const commitments = snapshot.commitments
    .filter((c) => c.bearerPartyRole === null || c.bearerPartyRole === partyRole || OWN_LETTERS.has(c.rasci[partyRole] ?? ""))
    .map((c) => {
      const letter = c.rasci[partyRole] as RasciLetter | undefined;
      return {
        what: c.what,
        bearer: bearerName(c.bearerPartyRole),
        due: dueLabel(c.dueDate, c.cadence),
        ownRole: letter && RASCI_LABELS[letter] ? RASCI_LABELS[letter] : null,
      };
    });

  const { documentType, schoolYear, yearCount } = snapshot.agreement;
  const years = schoolYearsOf({ schoolYear, yearCount });
  const duration = years.length > 1 ? `${years.length} schooljaren: ${years[0]} tot en met ${years.at(-1)}` : `Schooljaar ${schoolYear}`;
  const agreed = agreedEvaluationMoments(snapshot);
  const moments = agreed.length > 0 ? agreed : plannedEvaluationMoments(documentType, schoolYear, yearCount);
  return {
    party: { name: party?.name ?? partyRole, roleLabel: party?.partyRoleLabel ?? partyRole },
    commitments,
    duration,
    evaluations: moments.map((m) => ({ date: formatDate(m.date), label: m.label })),
    evaluationsAgreed: agreed.length > 0,
  };
}
