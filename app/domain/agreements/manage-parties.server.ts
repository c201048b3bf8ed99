// Adding and removing the parties of a draft (issue 13, decision 003). Only a
// member of a party that accepted, who may edit the draft, and only while the
// agreement is a concept; each change names the draft's revision like every
// other draft edit. A new party is "uitgenodigd" and acts for itself once one
// of its members accepts (decision 001); an organisation not yet in Akkoord is
// created with an invitation for its first member. Each party role keeps the
// bounds of the document type (templates' min/max).
import { z } from "zod";
import { editDraft, type EditContext } from "~/domain/drafting/edit-draft.server";
import { actsFor, PARTY_STATUS, SIGNATORY_STATUS } from "~/domain/drafting/parties";
import { ORGANISATION_KINDS, type OrganisationKind } from "~/domain/organisations/kinds";
import { createInvitation, deliverInvitation } from "~/domain/people/invitations.server";
import { FIRST_MEMBER_ROLE, InviteSchema } from "~/domain/people/roles";
import { removalBelowMinimum, roleBoundsLabel, roleForNewParty, rolesForKind } from "~/domain/templates/party-bounds";
import type { DocumentType } from "~/domain/templates/schema";
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { AppError, conflict, invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { getDocumentType, partyRoleLabel } from "~/domain/templates/document-types.server";
import { findAgreementForUser, type AgreementWithParties } from "~/domain/access/find-agreement.server";
import { noticeOtherParties } from "./party-notices.server";

/** At most this many organisations answer a search; type more to narrow it. */
export const PARTY_SEARCH_LIMIT = 20;
export const PARTY_SEARCH_MIN_LENGTH = 2;

const id = z.string({ required_error: "Ongeldig formulier." }).trim().min(1, "Ongeldig formulier.").max(100, "Ongeldig formulier.");
const revision = z.coerce.number({ invalid_type_error: "Ongeldig formulier." }).int().min(0);

export const AddPartySchema = z.object({ intent: z.literal("add"), revision, organisationId: id, partyRole: id.optional() });
export const RemovePartySchema = z.object({
  intent: z.literal("remove"),
  revision,
  partyId: id,
  /** The explicit "yes, remove it" for a party with a confirmed signatory. */
  confirm: z.literal("ja").optional(),
});
export const InvitePartySchema = z.object({
  intent: z.literal("invite"),
  revision,
  name: z
    .string({ required_error: "Vul de naam van de organisatie in." })
    .trim()
    .min(2, "Vul de naam van de organisatie in.")
    .max(120, "De naam is te lang (hoogstens 120 tekens)."),
  kind: z.enum(ORGANISATION_KINDS, { errorMap: () => ({ message: "Kies de soort organisatie." }) }),
  instellingsnummer: z
    .string()
    .trim()
    .regex(/^\d{5,6}$/, "Een instellingsnummer heeft 5 of 6 cijfers.")
    .optional(),
  email: InviteSchema.shape.email,
});
export const PartyActionSchema = z.discriminatedUnion("intent", [AddPartySchema, RemovePartySchema, InvitePartySchema]);
export type InvitePartyInput = z.infer<typeof InvitePartySchema>;

type PartyEdit = EditContext & { now?: Date };

/** Parties are added and removed while the agreement is a concept (not in an amendment or after a refusal). */
function requireConcept(agreement: AgreementWithParties) {
  if (agreement.status !== "concept" || agreement.amending) {
    throw conflict("Partijen toevoegen of verwijderen kan alleen zolang de overeenkomst een concept is.");
  }
}

/** A draft edit of the parties: editDraft's checks and revision, in concept only, with the document type. */
function editParties(
  ctx: PartyEdit,
  auditAction: string,
  change: (tx: Prisma.TransactionClient, agreement: AgreementWithParties, type: DocumentType) => Promise<void>,
  auditData: () => Record<string, unknown>,
) {
  return editDraft(
    ctx,
    auditAction,
    async (tx, agreement) => {
      requireConcept(agreement);
      await change(tx, agreement, getDocumentType(agreement.documentType));
    },
    auditData,
  );
}

/** The name of the acting user with their organisation in this agreement, for notices. */
function actorLabel(user: SessionUser, agreement: AgreementWithParties) {
  const own = agreement.parties.find((p) => actsFor(user.memberships, p.organisationId));
  return own ? `${user.name} (${own.organisation.name})` : user.name;
}

/** The role for a new party of this kind, or a 400 with the reason. */
function roleFor(type: DocumentType, kind: string, parties: AgreementWithParties["parties"], wanted?: string) {
  const choice = roleForNewParty(type, kind, parties, wanted);
  if (!choice.ok) throw invalidInput(choice.message, "organisationId");
  return choice.role;
}

/**
 * A new invited party, placed after the parties of its own and earlier roles
 * (the order of the document type's roles, as createAgreement has it); the
 * later ones move one place on.
 */
async function createParty(
  tx: Prisma.TransactionClient,
  agreement: AgreementWithParties,
  type: DocumentType,
  party: { organisationId: string; partyRole: string },
) {
  const roleIndex = (roleId: string) => type.parties.findIndex((r) => r.id === roleId);
  const before = agreement.parties.filter((p) => roleIndex(p.partyRole) <= roleIndex(party.partyRole));
  const position = Math.max(-1, ...before.map((p) => p.position)) + 1;
  await tx.agreementParty.updateMany({ where: { agreementId: agreement.id, position: { gte: position } }, data: { position: { increment: 1 } } });
  return tx.agreementParty.create({ data: { agreementId: agreement.id, ...party, position, status: PARTY_STATUS.invited }, select: { id: true } });
}

/** Adds an organisation already in Akkoord as a party ("uitgenodigd"); its members are told. */
export async function addParty(ctx: PartyEdit & { organisationId: string; partyRole?: string }) {
  const now = ctx.now ?? new Date();
  let added: { partyId: string; organisation: string; role: string } | null = null;
  await editParties(
    ctx,
    "agreement.party-added",
    async (tx, agreement, type) => {
      const organisation = await tx.organisation.findUnique({ where: { id: ctx.organisationId }, select: { id: true, name: true, kind: true } });
      if (!organisation) throw invalidInput("Deze organisatie bestaat niet. Zoek ze opnieuw op.", "organisationId");
      if (agreement.parties.some((p) => p.organisationId === organisation.id)) {
        throw invalidInput(`${organisation.name} is al partij in deze overeenkomst.`, "organisationId");
      }
      const role = roleFor(type, organisation.kind, agreement.parties, ctx.partyRole);
      const party = await createParty(tx, agreement, type, { organisationId: organisation.id, partyRole: role.id });
      await noticeOtherParties(tx, {
        event: "invited",
        agreementId: agreement.id,
        key: `${agreement.id}:${party.id}`,
        now,
        organisationId: organisation.id,
        who: actorLabel(ctx.user, agreement),
      });
      added = { partyId: party.id, organisation: organisation.name, role: role.id };
    },
    () => added ?? {},
  );
  return added!;
}

/**
 * Invites an organisation that is not in Akkoord yet: it is created, becomes
 * an invited party, and its first member gets an invitation (with the kind's
 * drafting role; accepting also makes them its beheerder). From then on that
 * member accepts the party and acts for it.
 */
export async function inviteOrganisationAsParty(ctx: PartyEdit & { input: Omit<InvitePartyInput, "intent" | "revision"> }) {
  const now = ctx.now ?? new Date();
  const { input } = ctx;
  let invited: { partyId: string; organisationId: string; invitationId: string; organisation: string; role: string } | null = null;
  const invite = editParties(
    ctx,
    "agreement.party-added",
    async (tx, agreement, type) => {
      const role = roleFor(type, input.kind, agreement.parties);
      if (input.instellingsnummer) {
        const existing = await tx.organisation.findUnique({ where: { instellingsnummer: input.instellingsnummer }, select: { name: true } });
        if (existing) {
          throw invalidInput(`Dit instellingsnummer hoort al bij ${existing.name}, dat al in Akkoord staat: zoek het op en voeg het toe.`, "instellingsnummer");
        }
      }
      const organisation = await tx.organisation.create({
        data: { kind: input.kind, name: input.name, instellingsnummer: input.instellingsnummer ?? null },
        select: { id: true, name: true },
      });
      const party = await createParty(tx, agreement, type, { organisationId: organisation.id, partyRole: role.id });
      const invitation = await createInvitation(tx, {
        organisation,
        email: input.email,
        role: FIRST_MEMBER_ROLE[input.kind as OrganisationKind],
        invitedBy: ctx.user,
        audit: ctx.audit,
        now,
        agreementId: agreement.id,
        intro: `${actorLabel(ctx.user, agreement)} nodigt ${organisation.name} uit als partij in “${agreement.title}”. Zodra u de uitnodiging aanvaardt, kunt u de overeenkomst bekijken en namens ${organisation.name} aanvaarden.`,
      });
      invited = { partyId: party.id, organisationId: organisation.id, invitationId: invitation.id, organisation: organisation.name, role: role.id };
    },
    () => (invited ? { partyId: invited.partyId, organisation: invited.organisation, role: invited.role, invitationId: invited.invitationId, newOrganisation: true } : {}),
  );
  await invite.catch((error: unknown) => {
    // The same instellingsnummer written by someone else at the same moment.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw invalidInput("Dit instellingsnummer staat intussen al in Akkoord: zoek de organisatie op en voeg ze toe.", "instellingsnummer");
    throw error;
  });
  const result = invited!;
  return { ...result, mailed: await deliverInvitation(result.invitationId, now) };
}

/** A party with a confirmed signatory: removing it needs an explicit confirmation (409 until then). */
export class PartyRemovalNeedsConfirmation extends AppError {
  constructor(name: string) {
    super(
      "CONFLICT",
      `${name} heeft al een bevestigde ondertekenaar. Vink aan dat u ${name} toch wilt verwijderen: de ondertekenaars vervallen en ${name} krijgt bericht.`,
      "confirm",
    );
  }
}

/**
 * Removes a party. Refused: your own organisation, below the role's minimum, a
 * party that signed; a party with a confirmed signatory only with `confirm`.
 * Its members are told; its signatories and named people go with it.
 */
export async function removeParty(ctx: PartyEdit & { partyId: string; confirm?: boolean }) {
  const now = ctx.now ?? new Date();
  let removed: Record<string, unknown> = {};
  await editParties(
    ctx,
    "agreement.party-removed",
    async (tx, agreement, type) => {
      const party = agreement.parties.find((p) => p.id === ctx.partyId);
      if (!party) throw notFound("Deze partij hoort niet (meer) bij deze overeenkomst.");
      if (ctx.user.memberships.some((m) => m.organisationId === party.organisationId)) {
        throw invalidInput("U kunt uw eigen organisatie niet als partij verwijderen.", "partyId");
      }
      const belowMinimum = removalBelowMinimum(type, party.partyRole, agreement.parties);
      if (belowMinimum) throw invalidInput(belowMinimum, "partyId");
      const signed = await tx.signature.count({ where: { signatory: { partyId: party.id } } });
      if (signed > 0) throw conflict(`${party.organisation.name} heeft al ondertekend en kan niet meer verwijderd worden.`);
      const confirmed = await tx.signatory.count({ where: { partyId: party.id, status: SIGNATORY_STATUS.confirmed } });
      if (confirmed > 0 && !ctx.confirm) throw new PartyRemovalNeedsConfirmation(party.organisation.name);
      // Told before the party goes: the notice finds its members through it.
      await noticeOtherParties(tx, {
        event: "removed",
        agreementId: agreement.id,
        key: `${agreement.id}:${party.id}`,
        now,
        organisationId: party.organisationId,
        who: actorLabel(ctx.user, agreement),
      });
      await tx.agreementParty.delete({ where: { id: party.id } });
      removed = { partyId: party.id, organisation: party.organisation.name, role: party.partyRole, confirmedSignatories: confirmed };
    },
    () => removed,
  );
  return removed;
}

/**
 * Organisations that could be added to this draft, by name, instellingsnummer
 * or municipality: only kinds that fit one of the type's roles, not already a
 * party, at most PARTY_SEARCH_LIMIT. Fewer than two characters: no search.
 */
export async function searchOrganisationsForParty(options: { user: SessionUser; agreementId: string; query: string }) {
  const agreement = await findAgreementForUser({ user: options.user, agreementId: options.agreementId, permission: "agreement:edit" });
  const type = getDocumentType(agreement.documentType);
  const query = options.query.trim().slice(0, 100);
  if (query.length < PARTY_SEARCH_MIN_LENGTH) return { query, results: [], tooShort: query.length > 0, more: false };
  const kinds = [...new Set(type.parties.flatMap((r) => r.organisationKinds))];
  const found = await db.organisation.findMany({
    where: {
      kind: { in: kinds },
      parties: { none: { agreementId: agreement.id } },
      OR: [{ name: { contains: query } }, { instellingsnummer: { startsWith: query } }, { municipality: { contains: query } }],
    },
    select: { id: true, name: true, kind: true, municipality: true, instellingsnummer: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: PARTY_SEARCH_LIMIT + 1,
  });
  return {
    query,
    tooShort: false,
    more: found.length > PARTY_SEARCH_LIMIT,
    results: found.slice(0, PARTY_SEARCH_LIMIT).map((o) => ({ ...o, roles: rolesForKind(type, o.kind).map((r) => ({ id: r.id, label: r.label })) })),
  };
}

/** The parties page: the parties with what the user may do to each, and the bounds per role. */
export async function loadPartiesPage(options: { user: SessionUser; agreementId: string }) {
  const { user } = options;
  const agreement = await findAgreementForUser({ user, agreementId: options.agreementId, permission: "agreement:read" });
  const type = getDocumentType(agreement.documentType);
  const canManage =
    agreement.status === "concept" &&
    !agreement.amending &&
    agreement.parties.some((p) => p.status === PARTY_STATUS.accepted && actsFor(user.memberships, p.organisationId));
  const signedParties = canManage
    ? await db.agreementParty.findMany({ where: { agreementId: agreement.id, signatories: { some: { signatures: { some: {} } } } }, select: { id: true } })
    : [];
  return {
    agreement: { id: agreement.id, title: agreement.title, status: agreement.status, revision: agreement.draftRevision, type: type.label },
    canManage,
    roles: type.parties.map((role) => ({
      id: role.id,
      label: role.label,
      bounds: roleBoundsLabel(role),
      count: agreement.parties.filter((p) => p.partyRole === role.id).length,
      kinds: role.organisationKinds,
    })),
    parties: agreement.parties.map((p) => ({
      id: p.id,
      name: p.organisation.name,
      municipality: p.organisation.municipality,
      role: partyRoleLabel(type, p.partyRole),
      status: p.status,
      removable:
        canManage &&
        !user.memberships.some((m) => m.organisationId === p.organisationId) &&
        !removalBelowMinimum(type, p.partyRole, agreement.parties) &&
        !signedParties.some((s) => s.id === p.id),
    })),
    /** The kinds an invited organisation can have here. */
    kinds: [...new Set(type.parties.flatMap((r) => r.organisationKinds))],
  };
}
