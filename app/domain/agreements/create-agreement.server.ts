import { membershipsAllow } from "~/domain/access/policy";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { draftClauseFromTemplate } from "~/domain/drafting/clause-data";
import { compareDraftClauses } from "~/domain/drafting/draft-work.server";
import { PARTY_STATUS } from "~/domain/drafting/parties";
import { renderDocumentTitle } from "~/domain/templates/render";
import { DEFAULT_EDUCATION_LEVEL } from "~/domain/templates/schema";
import type { OrganisationKind } from "~/domain/organisations/kinds";
import { db } from "~/utils/db.server";
import { invalidInput } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { nameDefaultContacts } from "./default-contacts.server";
import { getDocumentType, templateLibrary } from "~/domain/templates/document-types.server";
import { AGREEMENT_PARTIES_INCLUDE } from "~/domain/access/find-agreement.server";
import { allocateAgreementReference } from "./reference.server";
import type { CreateAgreementInput } from "./schemas";
import { noticeOtherParties } from "./party-notices.server";
import { refuseSameAgreement } from "./same-agreement.server";
import { inTransaction, type Tx } from "~/utils/transaction.server";

/**
 * Starts a new agreement (status "concept") between one of the user's
 * organisations and a counterpart, each in the party role its kind fits. The
 * draft starts from the document type's default clauses. The user's own
 * organisation is a party at once; the counterpart is "uitgenodigd" (its
 * members are told) until one of them accepts (acceptParty). Returns it with its
 * parties (as findAgreementForUser has them) and its draft clauses. Pass `tx`
 * to create it in your transaction. It starts from the type's short set of
 * clauses unless `input.clauseSet` is "volledig", with the clauses that fit
 * `input.educationLevel` (default basis), which the agreement keeps.
 */
export async function createAgreement(options: {
  user: SessionUser;
  input: CreateAgreementInput;
  audit: AuditContext;
  tx?: Tx;
  now?: Date;
}) {
  const { user, input } = options;
  const now = options.now ?? new Date();
  const client = options.tx ?? db;
  const type = getDocumentType(input.documentType);
  const fits = (role: (typeof type.parties)[number], kind: string) =>
    role.organisationKinds.includes(kind as OrganisationKind);

  if (!membershipsAllow(user.memberships, "agreement:create", [input.ownOrganisationId])) {
    throw invalidInput("U kunt geen overeenkomsten opstellen voor deze organisatie.", "ownOrganisationId");
  }
  // Both organisations in one query.
  const organisations = await client.organisation.findMany({
    where: { id: { in: [input.ownOrganisationId, ...(input.counterpartOrganisationId ? [input.counterpartOrganisationId] : [])] } },
  });
  const own = organisations.find((o) => o.id === input.ownOrganisationId);
  const ownRole = own && type.parties.find((p) => fits(p, own.kind));
  if (!own || !ownRole) {
    throw invalidInput(`Uw organisatie kan geen partij zijn in een ${type.label.toLowerCase()}.`, "ownOrganisationId");
  }

  const parties = [{ organisation: own, role: ownRole }];
  const requiredOthers = type.parties.filter((p) => p.id !== ownRole.id && p.min > 0);
  if (input.counterpartOrganisationId || requiredOthers.length > 0) {
    const others = type.parties.filter((p) => p.id !== ownRole.id);
    // The one counterpart chosen at the start fills a role the agreement cannot do without
    // (an afsprakennota's school, not its optional brugfiguren service); others join on the parties page.
    const candidates = requiredOthers.length ? requiredOthers : others;
    const counterpart = organisations.find((o) => o.id === input.counterpartOrganisationId);
    const counterpartRole = counterpart && candidates.find((p) => fits(p, counterpart.kind));
    if (!counterpart || !counterpartRole || counterpart.id === own.id) {
      const expected = candidates.map((r) => r.label.toLowerCase()).join(" of ");
      throw invalidInput(
        input.counterpartOrganisationId ? `Kies als andere partij een ${expected}.` : "Kies de andere partij.",
        "counterpartOrganisationId",
      );
    }
    parties.push({ organisation: counterpart, role: counterpartRole });
  }

  // Order the parties as the document type lists its roles.
  parties.sort((a, b) => type.parties.indexOf(a.role) - type.parties.indexOf(b.role));
  const namesByRole: Record<string, string[]> = {};
  for (const p of parties) (namesByRole[p.role.id] ??= []).push(p.organisation.name);
  const title =
    input.title ?? renderDocumentTitle(type, { schoolYear: input.schoolYear, parties: namesByRole }).replace(/\s+/g, " ").trim();
  const sectionOrder = type.sections.map((s) => s.id);
  const positions = new Map<string, number>();
  const educationLevel = input.educationLevel ?? DEFAULT_EDUCATION_LEVEL;
  const clauses = templateLibrary()
    .defaultClausesFor(type.id, { set: input.clauseSet ?? "kort", level: educationLevel })
    .map((clause) => {
      const position = positions.get(clause.section) ?? 0;
      positions.set(clause.section, position + 1);
      return { ...draftClauseFromTemplate(clause, type.id), position };
    })
    .sort((a, b) => sectionOrder.indexOf(a.section) - sectionOrder.indexOf(b.section) || a.position - b.position);

  return inTransaction(options.tx, async (tx) => {
    // "New agreement" twice makes no second one: the existing one is opened.
    await refuseSameAgreement(
      tx,
      { documentType: type.id, schoolYear: input.schoolYear, organisationIds: parties.map((p) => p.organisation.id) },
      (existing) => `Voor schooljaar ${input.schoolYear} bestaat er al zo'n overeenkomst tussen deze partijen: "${existing.title}".`,
    );
    const agreement = await tx.agreement.create({
      data: {
        documentType: type.id,
        reference: await allocateAgreementReference(tx, { documentType: type.id, schoolYear: input.schoolYear }),
        title,
        schoolYear: input.schoolYear,
        yearCount: type.period.defaultYears,
        educationLevel,
        createdById: user.id,
        parties: {
          // The drafter's own organisation accepts by drafting; any other is only invited.
          create: parties.map((p, position) => ({
            organisationId: p.organisation.id,
            partyRole: p.role.id,
            position,
            ...(p.organisation.id === own.id
              ? { status: PARTY_STATUS.accepted, acceptedAt: now, acceptedById: user.id }
              : { status: PARTY_STATUS.invited }),
          })),
        },
      },
      include: AGREEMENT_PARTIES_INCLUDE,
    });
    // One INSERT for all clauses (a nested create would insert them one by one; a
    // nested createMany costs Prisma more than this).
    await noticeOtherParties(tx, { event: "invited", agreementId: agreement.id, key: agreement.id, now, actorUserId: user.id, who: `${user.name} (${own.name})` });
    // The drafter's own party gets its default contact people; an invited party gets them when it accepts.
    const ownParty = agreement.parties.find((p) => p.organisationId === own.id)!;
    await nameDefaultContacts(tx, { agreementId: agreement.id, partyIds: [ownParty.id], namedById: user.id });
    const draftClauses = await tx.draftClause.createManyAndReturn({ data: clauses.map((c) => ({ ...c, agreementId: agreement.id })) });
    await recordAuditEvent(
      { ...options.audit, actorUserId: user.id, action: "agreement.created", agreementId: agreement.id, data: { title } },
      tx,
    );
    return { ...agreement, draftClauses: draftClauses.sort(compareDraftClauses) };
  });
}
