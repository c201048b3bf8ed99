import { membershipsAllow, type MembershipLike } from "~/domain/access/policy";
import { AppError, forbidden } from "~/utils/errors";

// Each party acts only for itself (docs/decisions/001-parties-act-for-themselves.md):
// an organisation is a party only after one of its members accepted, and only
// its own members name, change or remove its signatories. Another party may
// propose a signatory, which a member confirms before the draft goes further.

export const PARTY_STATUS = { invited: "uitgenodigd", accepted: "aanvaard" } as const;
export const SIGNATORY_STATUS = { proposed: "voorgesteld", confirmed: "bevestigd" } as const;

export const PARTY_STATUS_LABELS: Record<string, string> = {
  uitgenodigd: "uitgenodigd, nog niet aanvaard",
  aanvaard: "aanvaard",
};

/** True when the user may act for this organisation in an agreement (a drafting membership there). */
export function actsFor(memberships: readonly MembershipLike[], organisationId: string): boolean {
  return membershipsAllow(memberships, "agreement:edit", [organisationId]);
}

type PartyState = { id: string; name: string; status: string };
type SignatoryState = { partyId: string; name: string; status: string };

/**
 * What stops a draft from being frozen or sent: parties that did not accept yet
 * and signatories their party did not confirm. With `acceptBySigning` (only the
 * bulk engagementsverklaring, see the decision record) an invited party and the
 * signatories proposed for it are let through: that party accepts by signing.
 */
export function partyBlockers(
  parties: readonly PartyState[],
  signatories: readonly SignatoryState[],
  options: { acceptBySigning?: boolean } = {},
): string[] {
  const invited = new Set(parties.filter((p) => p.status !== PARTY_STATUS.accepted).map((p) => p.id));
  const name = (partyId: string) => parties.find((p) => p.id === partyId)?.name ?? "de andere partij";
  if (options.acceptBySigning) {
    return signatories
      .filter((s) => s.status !== SIGNATORY_STATUS.confirmed && !invited.has(s.partyId))
      .map((s) => `${s.name} is voorgesteld als ondertekenaar voor ${name(s.partyId)} en nog niet bevestigd`);
  }
  return [
    ...parties.filter((p) => invited.has(p.id)).map((p) => `${p.name} heeft de uitnodiging als partij nog niet aanvaard`),
    ...signatories
      .filter((s) => s.status !== SIGNATORY_STATUS.confirmed)
      .map((s) => `${s.name} is voorgesteld als ondertekenaar voor ${name(s.partyId)} en nog niet bevestigd door ${name(s.partyId)}`),
  ];
}

/** "Naam (Organisatie)": how a person who named or confirmed a signatory is written in a version. */
export function personAt(person: { name: string } | null | undefined, organisation: string | null | undefined): string | null {
  if (!person) return null;
  return organisation ? `${person.name} (${organisation})` : person.name;
}

/** A draft that is not ready: who still has to accept or confirm (409, listed on the page). */
export class PartiesNotReadyError extends AppError {
  readonly missing: string[];
  constructor(step: "vastleggen" | "versturen", missing: string[]) {
    super(
      "CONFLICT",
      step === "vastleggen"
        ? "Deze overeenkomst kan nog niet vastgelegd worden: elke partij moet eerst zelf aanvaarden en haar ondertekenaars bevestigen."
        : "Deze versie kan nog niet ter ondertekening verstuurd worden: elke partij moet eerst zelf aanvaarden en haar ondertekenaars bevestigen.",
    );
    this.missing = missing;
  }
}

/**
 * Drafting steps are for members of a party that accepted: a member of an
 * invited organisation first accepts (403 otherwise).
 */
export function requireAcceptedMember(
  memberships: readonly MembershipLike[],
  parties: ReadonlyArray<{ organisationId: string; status: string }>,
): void {
  if (parties.some((p) => p.status === PARTY_STATUS.accepted && actsFor(memberships, p.organisationId))) return;
  throw forbidden("Uw organisatie werd uitgenodigd als partij. Aanvaard eerst de uitnodiging om aan deze overeenkomst te werken.");
}
