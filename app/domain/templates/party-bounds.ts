// How many parties a document type allows in each of its roles (the `min` and
// `max` of templates/document-types/*.yaml). Pure: the completeness check,
// the parties page and adding or removing a party all count with this.
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from "~/domain/organisations/kinds";
import { UNBOUNDED, type DocumentType, type PartyRole } from "./schema";

/** The highest number of parties in the role (Infinity when it is unbounded). */
export function roleMax(role: PartyRole): number {
  return role.max === UNBOUNDED ? Number.POSITIVE_INFINITY : role.max;
}

/** "1", "1 tot 200", "0 tot 3", "minstens 1": the bounds of a role in Dutch. */
export function roleBoundsLabel(role: PartyRole): string {
  if (role.max === UNBOUNDED) return `minstens ${role.min}`;
  return role.min === role.max ? `${role.min}` : `${role.min} tot ${role.max}`;
}

/** The roles an organisation of this kind can fill in the document type. */
export function rolesForKind(type: DocumentType, kind: string): PartyRole[] {
  return type.parties.filter((role) => role.organisationKinds.includes(kind as OrganisationKind));
}

const countIn = (parties: ReadonlyArray<{ partyRole: string }>, role: PartyRole) => parties.filter((p) => p.partyRole === role.id).length;

/**
 * What is wrong with the number of parties per role, in Dutch, one line per
 * role: too few ("nog minstens 1 school toevoegen") or too many.
 */
export function partyCountProblems(type: DocumentType, parties: ReadonlyArray<{ partyRole: string }>): string[] {
  const problems: string[] = [];
  for (const role of type.parties) {
    const count = countIn(parties, role);
    if (count < role.min) {
      problems.push(`Rol ${role.label}: minstens ${role.min} ${role.min === 1 ? "partij" : "partijen"} nodig, nu ${count}. Voeg er nog ${role.min - count} toe.`);
    } else if (count > roleMax(role)) {
      problems.push(`Rol ${role.label}: hoogstens ${roleMax(role)} ${roleMax(role) === 1 ? "partij" : "partijen"}, nu ${count}. Verwijder er ${count - roleMax(role)}.`);
    }
  }
  return problems;
}

/**
 * The role a new party of this kind takes: the one asked for (when it fits the
 * kind), else the first role that fits and has room. A Dutch reason when none.
 */
export function roleForNewParty(
  type: DocumentType,
  kind: string,
  parties: ReadonlyArray<{ partyRole: string }>,
  wanted?: string | null,
): { ok: true; role: PartyRole } | { ok: false; message: string } {
  const fitting = rolesForKind(type, kind).filter((role) => !wanted || role.id === wanted);
  const kindLabel = ORGANISATION_KIND_LABELS[kind as OrganisationKind]?.toLowerCase() ?? kind;
  if (fitting.length === 0) {
    return {
      ok: false,
      message: wanted
        ? `Een ${kindLabel} kan die rol niet opnemen in een ${type.label.toLowerCase()}.`
        : `Een ${kindLabel} kan geen partij zijn in een ${type.label.toLowerCase()}.`,
    };
  }
  const role = fitting.find((r) => countIn(parties, r) < roleMax(r));
  if (!role) {
    const full = fitting[0]!;
    const max = roleMax(full);
    return { ok: false, message: `De rol ${full.label} heeft al ${max === 1 ? "zijn partij" : `het maximum van ${max} partijen`}: er kan er geen meer bij.` };
  }
  return { ok: true, role };
}

/** Why a party of this role cannot be removed (below the role's minimum), or null. */
export function removalBelowMinimum(type: DocumentType, partyRole: string, parties: ReadonlyArray<{ partyRole: string }>): string | null {
  const role = type.parties.find((r) => r.id === partyRole);
  if (!role || role.min === 0) return null;
  if (countIn(parties, role) - 1 >= role.min) return null;
  return `De rol ${role.label} heeft minstens ${role.min} ${role.min === 1 ? "partij" : "partijen"} nodig: voeg eerst een andere toe voor u deze verwijdert.`;
}
