import { membershipsAllow, type Permission } from "~/domain/access/policy";
import { getDocumentType, partyRoleLabel, templateLibrary } from "~/domain/templates/document-types.server";
import type { Tx } from "~/utils/transaction.server";
import { partyCountProblems } from "~/domain/templates/party-bounds";
import { renderClauseText } from "~/domain/templates/render";
import type { DocumentType, VariableDef, VariableValue } from "~/domain/templates/schema";
import { agreementValues, defaultValues, revalidateStoredValues } from "~/domain/templates/variables";
import type { DraftClause, Signatory } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";
import { parseClauseCommitments, parseClauseVariables } from "./clause-data";
import { DRAFT_CLAUSE_ORDER, findDraftAgreement, SIGNATORY_ORDER, type DraftWork } from "./draft-work.server";
import { isDraftEditable } from "./editable";
import { actsFor, partyBlockers, PARTY_STATUS, personAt } from "./parties";
import { partyDisplayName } from "~/domain/organisations/party-name";
import { writingAids, type WritingAids } from "./writing-aids";

export type DraftVariable = VariableDef & { sectionId: string; sectionTitle: string };

export type Completeness = {
  complete: boolean;
  missingSections: string[];
  unfilledVariables: Array<{ name: string; label: string }>;
  partiesWithoutSignatory: string[];
  /** Roles with fewer or more parties than the document type allows (templates' min/max), in Dutch. */
  partyCounts: string[];
};

/** Everything the drafting screens show, for one agreement the user may read. */
export async function loadDraft(options: {
  user: SessionUser;
  agreementId: string;
  permission?: Permission;
  /** Writing aids (readability, glossary, privacy) per clause; off for work without a screen. */
  withAids?: boolean;
  /** Steps on this draft in one transaction: the draft as they keep it, not read again. */
  work?: DraftWork;
}) {
  const { user, agreementId, permission = "agreement:read", withAids = true, work } = options;
  const client: Tx = work?.tx ?? db;
  const agreement = await findDraftAgreement({ user, agreementId, permission, work });
  const type = getDocumentType(agreement.documentType);
  const library = templateLibrary();
  const [clauseRows, signatoryRows] = work
    ? [work.clauses, work.signatories]
    : await Promise.all([
        db.draftClause.findMany({ where: { agreementId }, orderBy: DRAFT_CLAUSE_ORDER }),
        db.signatory.findMany({ where: { agreementId }, orderBy: SIGNATORY_ORDER }),
      ]);
  const signatories = await withNamers(client, agreementId, signatoryRows);

  const { clauses, variables: defs } = draftClauses(type, clauseRows);
  const stored = safeJson(agreement.draftValues);
  const storedValues = revalidateStoredValues(defs, stored);
  const values = effectiveValues(defs, storedValues, agreement.parties, agreement);

  const previousYear = agreement.renewedFromId ? await previousYearNotes(client, agreement.renewedFromId, agreementId) : null;

  const renderedClauses = clauses.map((clause) => {
    const rendered = renderClauseText(clause.body, values, { variables: clause.variableDefs });
    return {
      id: clause.id,
      templateId: clause.templateId,
      templateVersion: clause.templateVersion,
      currentTemplateVersion: clause.templateId ? library.clauseVersion(clause.templateId) ?? null : null,
      modified: clause.modified,
      section: clause.section,
      position: clause.position,
      title: clause.title,
      body: clause.body,
      bouwsteen: clause.bouwsteen,
      text: rendered.text,
      missing: rendered.missing,
      variableDefs: clause.variableDefs,
      commitmentDefs: clause.commitmentDefs,
      aids: (withAids ? writingAids(rendered.text, library.glossary) : NO_AIDS) satisfies WritingAids,
      previousKey: clause.previousKey,
      previousYearNotes: clause.previousKey ? previousYear?.notes.get(clause.previousKey) ?? [] : [],
      carriedOver: previousYear?.carried.get(clause.id) ?? [],
    };
  });

  const sections = type.sections.map((section) => ({
    ...section,
    clauses: renderedClauses.filter((c) => c.section === section.id),
  }));

  const signingRoles = type.parties.filter((p) => p.signs).map((p) => p.id);
  const parties = agreement.parties.map((p) => ({
    id: p.id,
    organisationId: p.organisationId,
    partyRole: p.partyRole,
    roleLabel: partyRoleLabel(type, p.partyRole),
    name: p.organisation.name,
    /** The name with the board behind it, for the parties block. */
    displayName: partyDisplayName(p.organisation),
    boardName: p.organisation.boardName,
    status: p.status,
    /** The user may act for this party: accept it, name and confirm its signatories. */
    own: actsFor(user.memberships, p.organisationId),
    signs: signingRoles.includes(p.partyRole),
    signatoryFunctions: type.parties.find((r) => r.id === p.partyRole)?.signatoryFunctions ?? [],
  }));

  const completeness: Completeness = {
    missingSections: sections.filter((s) => s.required && s.clauses.length === 0).map((s) => s.title),
    unfilledVariables: defs
      .filter((d) => d.required !== false && isEmpty(values[d.name]))
      .map((d) => ({ name: d.name, label: d.label })),
    partiesWithoutSignatory: parties
      .filter((p) => p.signs && !signatories.some((s) => s.partyId === p.id && s.kind === "signer"))
      .map((p) => p.name),
    partyCounts: partyCountProblems(type, agreement.parties),
    complete: false,
  };
  completeness.complete =
    completeness.missingSections.length === 0 &&
    completeness.unfilledVariables.length === 0 &&
    completeness.partiesWithoutSignatory.length === 0 &&
    completeness.partyCounts.length === 0;

  const partyIds = agreement.parties.map((p) => p.organisationId);
  return {
    agreement,
    type,
    sections,
    clauses: renderedClauses,
    variables: defs,
    storedValues,
    values,
    parties,
    signatories,
    completeness,
    /** Who still has to accept or confirm before the draft can be frozen and sent. */
    partyBlockers: partyBlockers(parties, signatories),
    /** The user's organisation was invited and did not accept yet: they may read and accept, not edit. */
    mayAccept: parties.filter((p) => p.own && p.status !== PARTY_STATUS.accepted && agreement.status !== "gearchiveerd").map((p) => ({ id: p.id, name: p.name })),
    canEdit: isDraftEditable(agreement) && parties.some((p) => p.own && p.status === PARTY_STATUS.accepted),
    canEditRole: membershipsAllow(user.memberships, "agreement:edit", partyIds),
    canArchive: agreement.status === "concept" && membershipsAllow(user.memberships, "agreement:delete", partyIds),
  };
}

export type Draft = Awaited<ReturnType<typeof loadDraft>>;

/**
 * The signatories with who named and who confirmed each ("Naam (Organisatie)",
 * the organisation being the person's party in this agreement). At most 50
 * signatories, so the list of user ids is bounded.
 */
async function withNamers(client: Tx, agreementId: string, signatories: Signatory[]) {
  const ids = [...new Set(signatories.flatMap((s) => [s.namedById, s.confirmedById]).filter((id): id is string => id !== null))];
  const people =
    ids.length === 0
      ? []
      : await client.user.findMany({
          where: { id: { in: ids } },
          select: {
            id: true,
            name: true,
            memberships: { where: { organisation: { parties: { some: { agreementId } } } }, select: { organisation: { select: { name: true } } }, take: 1 },
          },
        });
  const label = (id: string | null) => {
    const person = people.find((p) => p.id === id);
    return personAt(person, person?.memberships[0]?.organisation.name);
  };
  return signatories.map((s) => ({ ...s, namedBy: label(s.namedById), confirmedBy: label(s.confirmedById) }));
}

/**
 * A draft's clauses in document order (by section, then position) with their
 * parsed template data, and its variables: shared by name across clauses, the
 * first definition wins.
 */
export function draftClauses(type: DocumentType, clauseRows: DraftClause[]) {
  const sectionIndex = new Map(type.sections.map((s, i) => [s.id, i]));
  const clauses = clauseRows
    .map((row) => ({ ...row, variableDefs: parseClauseVariables(row.variables), commitmentDefs: parseClauseCommitments(row.commitments) }))
    .sort((a, b) => (sectionIndex.get(a.section) ?? 999) - (sectionIndex.get(b.section) ?? 999) || a.position - b.position);
  const variables = new Map<string, DraftVariable>();
  for (const clause of clauses) {
    const section = type.sections.find((s) => s.id === clause.section);
    for (const def of clause.variableDefs) {
      if (!variables.has(def.name)) {
        variables.set(def.name, { ...def, sectionId: clause.section, sectionTitle: section?.title ?? clause.section });
      }
    }
  }
  return { clauses, variables: [...variables.values()] };
}

const NO_AIDS: WritingAids = { readability: null, glossary: [], privacy: [] };

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function isEmpty(value: VariableValue | null | undefined): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

/**
 * The values the document uses: what the drafters saved, else the template's
 * default or the value it takes from the agreement (first or last school year, number of
 * years), else the agreement's school year or — for party variables — the name
 * of that party's organisation.
 */
function effectiveValues(
  defs: readonly VariableDef[],
  stored: Record<string, VariableValue | null>,
  parties: ReadonlyArray<{ partyRole: string; organisation: { name: string } }>,
  agreement: { schoolYear: string; yearCount: number },
): Record<string, VariableValue | null> {
  const { schoolYear } = agreement;
  const values: Record<string, VariableValue | null> = {};
  for (const [name, value] of Object.entries(defaultValues(defs))) if (value !== undefined) values[name] = value;
  for (const [name, value] of Object.entries(agreementValues(defs, agreement))) if (value !== undefined) values[name] = value;
  for (const def of defs) {
    if (def.type === "schoolYear" && values[def.name] === undefined) values[def.name] = schoolYear;
    if (def.type === "partyOrganisation" && values[def.name] === undefined) {
      const names = parties.filter((p) => p.partyRole === def.partyRole).map((p) => p.organisation.name);
      if (names.length === 1) values[def.name] = names[0]!;
    }
  }
  return { ...values, ...stored };
}

/**
 * For a renewed agreement: last year's final evaluation notes per clause (by
 * the clause's key in last year's version) and the commitments carried over
 * per new clause.
 */
async function previousYearNotes(client: Tx, previousAgreementId: string, agreementId: string) {
  const notes = new Map<string, string[]>();
  const lastRecord = await client.evaluationRecord.findFirst({
    where: { moment: { agreementId: previousAgreementId } },
    orderBy: [{ moment: { date: "desc" } }, { createdAt: "desc" }],
    include: { moment: { select: { label: true } }, entries: { include: { commitment: { select: { snapshotKey: true, what: true } } } } },
  });
  for (const entry of lastRecord?.entries ?? []) {
    const clauseKey = entry.commitment.snapshotKey?.split(":")[0];
    if (!clauseKey || !entry.note) continue;
    const list = notes.get(clauseKey) ?? [];
    list.push(`${lastRecord!.moment.label} — ${entry.commitment.what}: ${entry.note}`);
    notes.set(clauseKey, list);
  }
  const carried = new Map<string, string[]>();
  const carriedCommitments = await client.commitment.findMany({
    where: { agreementId, carriedOverFromId: { not: null } },
    select: { what: true, snapshotKey: true },
  });
  for (const c of carriedCommitments) {
    const clauseId = c.snapshotKey?.split(":")[0];
    if (!clauseId) continue;
    carried.set(clauseId, [...(carried.get(clauseId) ?? []), c.what]);
  }
  return { notes, carried };
}
