import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { getDocumentType, templateLibrary } from "~/domain/templates/document-types.server";
import type { AgreementWithParties } from "~/domain/access/find-agreement.server";
import { inTransaction } from "~/utils/transaction.server";
import { placeholdersIn } from "~/domain/templates/render";
import { isEducationLevel, type VariableValue } from "~/domain/templates/schema";
import { validateVariableValue } from "~/domain/templates/variables";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { AppError, conflict, forbidden, invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { draftClauseFromTemplate, parseClauseVariables } from "./clause-data";
import { compareSignatories, DRAFT_CLAUSE_ORDER, findDraftAgreement, SIGNER_ORDER, type DraftWork } from "./draft-work.server";
import { isDraftEditable } from "./editable";
import { actsFor, requireAcceptedMember, SIGNATORY_STATUS } from "./parties";
import { draftClauses } from "./load-draft.server";
import type { SignatoryInput } from "./schemas";
import { defaultSigningGroup, MAX_SIGNING_GROUP, type SigningOrder } from "~/domain/drafting/signing-order";

// Every change to a draft names the revision it was based on. The change and
// the revision bump happen in one transaction; a stale revision is refused
// with 409, so two people never overwrite each other silently.

export type EditContext = { user: SessionUser; agreementId: string; revision: number; audit: AuditContext };

/** saveDraftValues and addSignatory can be steps of a DraftWork (in its transaction, keeping it up to date). */
type WorkContext = EditContext & { work?: DraftWork };

export async function editDraft<T>(
  ctx: WorkContext,
  auditAction: string,
  change: (tx: Prisma.TransactionClient, agreement: AgreementWithParties) => Promise<T>,
  auditData?: Record<string, unknown> | (() => Record<string, unknown>),
): Promise<T> {
  const { work } = ctx;
  const agreement = await findDraftAgreement({ user: ctx.user, agreementId: ctx.agreementId, permission: "agreement:edit", work });
  if (!isDraftEditable(agreement)) {
    throw new AppError("CONFLICT", "Deze overeenkomst kan nu niet gewijzigd worden. Start een wijziging om ze aan te passen.");
  }
  requireAcceptedMember(ctx.user.memberships, agreement.parties);
  return inTransaction(work?.tx, async (tx) => {
    const { count } = await tx.agreement.updateMany({
      where: { id: ctx.agreementId, draftRevision: ctx.revision, status: agreement.status, amending: agreement.amending },
      data: { draftRevision: { increment: 1 } },
    });
    if (count === 0) {
      throw conflict("Iemand anders heeft dit concept intussen gewijzigd. Hieronder ziet u de huidige tekst; voer uw wijziging opnieuw in.");
    }
    if (work) work.agreement = { ...work.agreement, draftRevision: ctx.revision + 1 };
    const result = await change(tx, agreement);
    await recordAuditEvent(
      { ...ctx.audit, actorUserId: ctx.user.id, action: auditAction, agreementId: ctx.agreementId, data: typeof auditData === "function" ? auditData() : auditData },
      tx,
    );
    return result;
  });
}

async function clauseOf(tx: Prisma.TransactionClient, agreementId: string, clauseId: string) {
  const clause = await tx.draftClause.findFirst({ where: { id: clauseId, agreementId } });
  if (!clause) throw notFound("Deze clausule bestaat niet (meer) in dit concept.");
  return clause;
}

/** Adds a clause from the library at the end of its section. */
export async function addClause(ctx: EditContext & { templateId: string }) {
  const clause = templateLibrary().clauses.get(ctx.templateId);
  if (!clause) throw invalidInput("Deze clausule bestaat niet in de bibliotheek.", "templateId");
  return editDraft(ctx, "draft.clause-added", async (tx, agreement) => {
    if (!clause.documentTypes.includes(agreement.documentType)) {
      throw invalidInput("Deze clausule past niet in deze soort overeenkomst.", "templateId");
    }
    if (await tx.draftClause.findFirst({ where: { agreementId: ctx.agreementId, templateId: clause.id } })) {
      throw invalidInput("Deze clausule staat al in het concept.", "templateId");
    }
    const last = await tx.draftClause.findFirst({
      where: { agreementId: ctx.agreementId, section: clause.section },
      orderBy: { position: "desc" },
    });
    return tx.draftClause.create({
      data: { agreementId: ctx.agreementId, ...draftClauseFromTemplate(clause, agreement.documentType), position: (last?.position ?? -1) + 1 },
    });
  }, { templateId: clause.id, templateVersion: clause.version });
}

/**
 * "Alle clausules van de volledige nota toevoegen": every clause of the type's full default set
 * that fits the agreement's level of education and is not in the draft yet, each at the end of
 * its section. Adding twice adds nothing the second time. Returns the clauses added.
 */
export async function addFullSet(ctx: EditContext) {
  let added: string[] = [];
  return editDraft(ctx, "draft.full-set-added", async (tx, agreement) => {
    const level = isEducationLevel(agreement.educationLevel) ? agreement.educationLevel : undefined;
    const rows = await tx.draftClause.findMany({ where: { agreementId: ctx.agreementId }, select: { templateId: true, section: true, position: true } });
    const present = new Set(rows.map((r) => r.templateId));
    const next = new Map<string, number>();
    for (const r of rows) next.set(r.section, Math.max(next.get(r.section) ?? 0, r.position + 1));
    const missing = templateLibrary()
      .defaultClausesFor(agreement.documentType, { set: "volledig", level })
      .filter((clause) => !present.has(clause.id));
    const data = missing.map((clause) => {
      const position = next.get(clause.section) ?? 0;
      next.set(clause.section, position + 1);
      return { agreementId: ctx.agreementId, ...draftClauseFromTemplate(clause, agreement.documentType), position };
    });
    if (data.length > 0) await tx.draftClause.createMany({ data });
    added = missing.map((clause) => clause.id);
    return missing;
  }, () => ({ templateIds: added }));
}

/** Removes a clause, unless it is the last one of a required section. */
export async function removeClause(ctx: EditContext & { clauseId: string }) {
  return editDraft(ctx, "draft.clause-removed", async (tx, agreement) => {
    const clause = await clauseOf(tx, ctx.agreementId, ctx.clauseId);
    const section = getDocumentType(agreement.documentType).sections.find((s) => s.id === clause.section);
    const inSection = await tx.draftClause.count({ where: { agreementId: ctx.agreementId, section: clause.section } });
    if (section?.required && inSection <= 1) {
      throw invalidInput(`De rubriek “${section.title}” is verplicht: er moet minstens één clausule in blijven staan.`);
    }
    await tx.draftClause.delete({ where: { id: clause.id } });
    return clause;
  }, { clauseId: ctx.clauseId });
}

/** Moves a clause one place up or down within its section. */
export async function moveClause(ctx: EditContext & { clauseId: string; direction: "up" | "down" }) {
  return editDraft(ctx, "draft.clause-moved", async (tx) => {
    const clause = await clauseOf(tx, ctx.agreementId, ctx.clauseId);
    const siblings = await tx.draftClause.findMany({
      where: { agreementId: ctx.agreementId, section: clause.section },
      orderBy: [{ position: "asc" }, { id: "asc" }],
    });
    const index = siblings.findIndex((s) => s.id === clause.id);
    const target = ctx.direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= siblings.length) {
      throw invalidInput(ctx.direction === "up" ? "Deze clausule staat al bovenaan." : "Deze clausule staat al onderaan.");
    }
    const reordered = [...siblings];
    [reordered[index], reordered[target]] = [reordered[target]!, reordered[index]!];
    for (const [position, row] of reordered.entries()) {
      if (row.position !== position) await tx.draftClause.update({ where: { id: row.id }, data: { position } });
    }
  }, { clauseId: ctx.clauseId, direction: ctx.direction });
}

/** Changes a clause's text for this agreement only; provenance stays, marked "aangepast". */
export async function updateClauseText(ctx: EditContext & { clauseId: string; title: string; body: string }) {
  return editDraft(ctx, "draft.clause-edited", async (tx) => {
    const clause = await clauseOf(tx, ctx.agreementId, ctx.clauseId);
    const declared = new Set(parseClauseVariables(clause.variables).map((v) => v.name));
    const unknown = placeholdersIn(ctx.body).filter((name) => !declared.has(name));
    if (unknown.length > 0) {
      throw invalidInput(
        `Onbekende invulvelden: ${unknown.map((n) => `{{${n}}}`).join(", ")}. Gebruik alleen de invulvelden van deze clausule.`,
        "body",
      );
    }
    const template = clause.templateId ? templateLibrary().clauses.get(clause.templateId) : undefined;
    const sameAsTemplate = template?.version === clause.templateVersion && template?.body.trim() === ctx.body.trim() && template?.title === ctx.title;
    await tx.draftClause.update({
      where: { id: clause.id },
      data: { title: ctx.title, body: ctx.body, modified: !sameAsTemplate },
    });
  }, { clauseId: ctx.clauseId });
}

/** Puts the template text (of the version the clause was drafted with, when still current) back. */
export async function resetClauseText(ctx: EditContext & { clauseId: string }) {
  return editDraft(ctx, "draft.clause-reset", async (tx, agreement) => {
    const clause = await clauseOf(tx, ctx.agreementId, ctx.clauseId);
    const template = clause.templateId ? templateLibrary().clauses.get(clause.templateId) : undefined;
    if (!template) throw invalidInput("Deze clausule komt niet uit de bibliotheek.");
    await tx.draftClause.update({
      where: { id: clause.id },
      data: { ...draftClauseFromTemplate(template, agreement.documentType) },
    });
  }, { clauseId: ctx.clauseId });
}

/**
 * Saves the variable values. Each is validated by its type; when any is
 * wrong nothing is stored and the errors come back per field.
 */
export async function saveDraftValues(ctx: WorkContext & { raw: Record<string, string | undefined> }) {
  const { work } = ctx;
  const agreement = await findDraftAgreement({ user: ctx.user, agreementId: ctx.agreementId, permission: "agreement:edit", work });
  const clauseRows = work?.clauses ?? (await db.draftClause.findMany({ where: { agreementId: ctx.agreementId }, orderBy: DRAFT_CLAUSE_ORDER }));
  const { variables } = draftClauses(getDocumentType(agreement.documentType), clauseRows);
  const errors: Record<string, string> = {};
  const values: Record<string, VariableValue | null> = {};
  for (const def of variables) {
    if (!(def.name in ctx.raw)) continue;
    const result = validateVariableValue({ ...def, required: false }, ctx.raw[def.name]);
    if (result.ok) values[def.name] = result.value;
    else errors[def.name] = result.message;
  }
  const unknownNames = Object.keys(ctx.raw).filter((name) => !variables.some((d) => d.name === name));
  if (unknownNames.length > 0) throw invalidInput("Het formulier bevat velden die niet bij dit concept horen.");
  if (Object.keys(errors).length > 0) return { ok: false as const, errors };
  await editDraft(ctx, "draft.values-saved", async (tx, agreement) => {
    const current = JSON.parse(agreement.draftValues || "{}") as Record<string, unknown>;
    const draftValues = JSON.stringify({ ...current, ...values });
    await tx.agreement.update({ where: { id: ctx.agreementId }, data: { draftValues }, select: { id: true } });
    if (ctx.work) ctx.work.agreement = { ...ctx.work.agreement, draftValues };
  }, { names: Object.keys(values) });
  return { ok: true as const };
}

/**
 * At most this many signatories per agreement: a samenwerkingsovereenkomst may bind 200 schools,
 * 50 partners, 3 CLBs and the city, each with one or two signers.
 */
export const MAX_SIGNATORIES = 500;

/**
 * Names a signatory for a party. A member of that party names it ("bevestigd");
 * anyone else who may edit the draft only proposes it ("voorgesteld"), and a
 * member of that party confirms it before the draft can be frozen or sent.
 */
export async function addSignatory(ctx: WorkContext & { input: SignatoryInput; now?: Date }) {
  const now = ctx.now ?? new Date();
  let proposed = false;
  return editDraft(ctx, "draft.signatory-added", async (tx, agreement) => {
    const party = agreement.parties.find((p) => p.id === ctx.input.partyId);
    if (!party) throw invalidInput("Kies een partij van deze overeenkomst.", "partyId");
    const existing =
      ctx.work?.signatories ?? (await tx.signatory.findMany({ where: { agreementId: ctx.agreementId }, select: { partyId: true, email: true } }));
    if (existing.length >= MAX_SIGNATORIES) throw invalidInput(`Een overeenkomst kan hoogstens ${MAX_SIGNATORIES} ondertekenaars hebben.`);
    if (existing.some((s) => s.partyId === ctx.input.partyId && s.email === ctx.input.email)) {
      throw invalidInput("Deze persoon staat al bij deze partij.", "email");
    }
    const own = actsFor(ctx.user.memberships, party.organisationId);
    proposed = !own;
    const { onBehalfOfBoard, mandate, ...person } = ctx.input;
    // Signing on behalf of the board is the party's own declaration: another party cannot make it.
    if (onBehalfOfBoard && !own) {
      throw forbidden(`Alleen ${party.organisation.name} kan aangeven dat iemand namens haar schoolbestuur tekent.`);
    }
    if (onBehalfOfBoard && !party.organisation.boardName) {
      throw invalidInput(`${party.organisation.name} heeft geen schoolbestuur in Akkoord. De beheerder vult het in bij Instellingen.`, "onBehalfOfBoard");
    }
    const signatory = await tx.signatory.create({
      data: {
        agreementId: ctx.agreementId,
        ...person,
        // The board's name at this moment: a later change of the board does not change whom this person signs for.
        onBehalfOf: onBehalfOfBoard ? party.organisation.boardName : null,
        mandate: onBehalfOfBoard ? (mandate ?? null) : null,
        // With signing groups a new signatory joins its role's usual group (a city signs last).
        position: agreement.signingOrder === "groepen" ? defaultSigningGroup(party.partyRole) : existing.length + 1,
        status: own ? SIGNATORY_STATUS.confirmed : SIGNATORY_STATUS.proposed,
        namedById: ctx.user.id,
        confirmedById: own ? ctx.user.id : null,
        confirmedAt: own ? now : null,
      },
    });
    if (ctx.work) ctx.work.signatories = [...ctx.work.signatories, signatory].sort(compareSignatories);
    return signatory;
  }, () => ({
    email: ctx.input.email,
    kind: ctx.input.kind,
    partyId: ctx.input.partyId,
    namedBy: ctx.user.name,
    status: proposed ? SIGNATORY_STATUS.proposed : SIGNATORY_STATUS.confirmed,
    ...(ctx.input.onBehalfOfBoard ? { onBehalfOfBoard: true, mandate: ctx.input.mandate ?? null } : {}),
  }));
}

async function signatoryOf(tx: Prisma.TransactionClient, agreement: AgreementWithParties, signatoryId: string) {
  const signatory = await tx.signatory.findFirst({ where: { id: signatoryId, agreementId: agreement.id } });
  const party = signatory && agreement.parties.find((p) => p.id === signatory.partyId);
  if (!signatory || !party) throw notFound("Deze ondertekenaar bestaat niet (meer).");
  return { signatory, party };
}

/**
 * Removes a signatory: a member of its party may (that is also how a proposal
 * is refused); someone else only withdraws a proposal they made themselves.
 */
export async function removeSignatory(ctx: EditContext & { signatoryId: string }) {
  return editDraft(ctx, "draft.signatory-removed", async (tx, agreement) => {
    const { signatory, party } = await signatoryOf(tx, agreement, ctx.signatoryId);
    const ownProposal = signatory.status === SIGNATORY_STATUS.proposed && signatory.namedById === ctx.user.id;
    if (!actsFor(ctx.user.memberships, party.organisationId) && !ownProposal) {
      throw forbidden(`Alleen ${party.organisation.name} kan haar eigen ondertekenaars wijzigen of verwijderen.`);
    }
    await tx.signatory.delete({ where: { id: signatory.id } });
  }, { signatoryId: ctx.signatoryId });
}

/** A member of the signatory's party confirms a proposal: from now on that party named it. */
export async function confirmSignatory(ctx: EditContext & { signatoryId: string; now?: Date }) {
  const now = ctx.now ?? new Date();
  return editDraft(ctx, "draft.signatory-confirmed", async (tx, agreement) => {
    const { signatory, party } = await signatoryOf(tx, agreement, ctx.signatoryId);
    if (!actsFor(ctx.user.memberships, party.organisationId)) {
      throw forbidden(`Alleen ${party.organisation.name} kan haar eigen ondertekenaars bevestigen.`);
    }
    if (signatory.status === SIGNATORY_STATUS.confirmed) throw conflict("Deze ondertekenaar is al bevestigd.");
    await tx.signatory.update({
      where: { id: signatory.id },
      data: { status: SIGNATORY_STATUS.confirmed, confirmedById: ctx.user.id, confirmedAt: now },
      select: { id: true },
    });
  }, { signatoryId: ctx.signatoryId, confirmedBy: ctx.user.name });
}

/**
 * Chooses how the signers take turns. With "groepen" each signatory gets a
 * group number (`groups`, by signatory id; one left out keeps its group, or
 * gets its role's default when the order was not "groepen" yet: schools and
 * partners 1, the lokaal bestuur 2). "sequentieel" numbers the signatories
 * 1, 2, … in their current order. Frozen with the next version.
 */
export async function setSigningOrder(ctx: EditContext & { order: SigningOrder; groups?: Record<string, number> }) {
  const groups = ctx.groups ?? {};
  for (const group of Object.values(groups)) {
    if (!Number.isInteger(group) || group < 1 || group > MAX_SIGNING_GROUP) {
      throw invalidInput(`Kies als groep een getal van 1 tot ${MAX_SIGNING_GROUP}.`);
    }
  }
  return editDraft(ctx, "draft.signing-order-set", async (tx, agreement) => {
    const signatories = await tx.signatory.findMany({ where: { agreementId: ctx.agreementId }, orderBy: SIGNER_ORDER, select: { id: true, partyId: true, position: true } });
    const known = new Set(signatories.map((s) => s.id));
    if (Object.keys(groups).some((id) => !known.has(id))) throw notFound("Deze ondertekenaar bestaat niet (meer).");
    const roles = new Map(agreement.parties.map((p) => [p.id, p.partyRole]));
    for (const [index, s] of signatories.entries()) {
      const position =
        ctx.order === "groepen"
          ? (groups[s.id] ?? (agreement.signingOrder === "groepen" ? s.position : defaultSigningGroup(roles.get(s.partyId) ?? "")))
          : ctx.order === "sequentieel"
            ? index + 1
            : s.position;
      if (position !== s.position) await tx.signatory.update({ where: { id: s.id }, data: { position }, select: { id: true } });
    }
    await tx.agreement.update({ where: { id: ctx.agreementId }, data: { signingOrder: ctx.order }, select: { id: true } });
  }, { signingOrder: ctx.order, groups });
}
