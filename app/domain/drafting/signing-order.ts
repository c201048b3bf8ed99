// How the signers of a version take turns (docs/decisions/003): "parallel" is
// one group, "sequentieel" one signer per group (in list order), and "groepen"
// uses each signatory's position as its group number — everyone in a group
// signs at once, the groups one after another, lowest first.
// Pure: no database.

export const SIGNING_ORDERS = ["parallel", "sequentieel", "groepen"] as const;
export type SigningOrder = (typeof SIGNING_ORDERS)[number];

export const SIGNING_ORDER_LABELS: Record<SigningOrder, string> = {
  parallel: "Iedereen tegelijk",
  sequentieel: "Na elkaar, in de volgorde van de lijst",
  groepen: "In groepen: wie in dezelfde groep zit tekent tegelijk, de groepen na elkaar",
};

/** Group numbers a drafter may give: 1 to this. */
export const MAX_SIGNING_GROUP = 50;

/** The party role that signs last by default: the city or municipality closes the agreement. */
const LAST_ROLES = new Set(["lokaal_bestuur"]);

/** The group a signatory of this party role gets when the drafter has not chosen one. */
export function defaultSigningGroup(partyRole: string): number {
  return LAST_ROLES.has(partyRole) ? 2 : 1;
}

/**
 * Which of the waiting signers to invite now, given the signers in signing
 * order (position, then id) that are still waiting. Call only when nobody of
 * the version is invited and unsigned: the first signer ("sequentieel"), the
 * whole lowest group ("groepen"), or everyone ("parallel").
 */
export function nextToInvite<T extends { position: number }>(order: string, waiting: readonly T[]): T[] {
  if (waiting.length === 0) return [];
  if (order === "groepen") {
    const lowest = Math.min(...waiting.map((s) => s.position));
    return waiting.filter((s) => s.position === lowest);
  }
  if (order === "sequentieel") return [waiting[0]!];
  return [...waiting];
}
