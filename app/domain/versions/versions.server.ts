import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { db } from "~/utils/db.server";
import { AppError, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { templateLibrary } from "~/domain/templates/document-types.server";
import { parseClauseVariables } from "~/domain/drafting/clause-data";
import { compareSnapshots, describeVariableChanges, type VariableDescription, type VersionComparison } from "./compare";
import { buildSnapshot } from "./freeze-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { verifyContentHash } from "./hash";
import type { VersionSnapshot } from "./snapshot";

/** Every version of an agreement the user may read, newest first, with its hash checked. */
export async function listVersions(options: { user: SessionUser; agreementId: string }) {
  const agreement = await findAgreementForUser({ ...options, permission: "agreement:read" });
  const versions = await db.agreementVersion.findMany({
    where: { agreementId: agreement.id },
    orderBy: { number: "desc" },
    select: { id: true, number: true, status: true, content: true, contentHash: true, frozenAt: true, frozenBy: { select: { name: true } } },
  });
  return {
    agreement,
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      status: v.status,
      contentHash: v.contentHash,
      intact: verifyContentHash(v.content, v.contentHash),
      frozenAt: v.frozenAt,
      frozenBy: v.frozenBy?.name ?? null,
    })),
  };
}

/**
 * One version's snapshot. The hash is recomputed from the stored content; a
 * mismatch stops everything (409) instead of showing altered content.
 */
export async function getVersion(options: { user: SessionUser; agreementId: string; number: number }) {
  const agreement = await findAgreementForUser({ user: options.user, agreementId: options.agreementId, permission: "agreement:read" });
  const version = await db.agreementVersion.findUnique({
    where: { agreementId_number: { agreementId: agreement.id, number: options.number } },
  });
  if (!version) throw notFound("Deze versie bestaat niet.");
  if (!verifyContentHash(version.content, version.contentHash)) {
    throw new AppError("CONFLICT", "Deze versie is niet meer dezelfde als bij het vastleggen: de controlecode klopt niet. Neem contact op met de beheerder.");
  }
  return { agreement, version, snapshot: JSON.parse(version.content) as VersionSnapshot };
}

/** Compares two versions of one agreement (versions of another agreement are a 404). */
export async function compareVersions(options: { user: SessionUser; agreementId: string; from: number; to: number }) {
  const older = await getVersion({ user: options.user, agreementId: options.agreementId, number: options.from });
  const newer = await getVersion({ user: options.user, agreementId: options.agreementId, number: options.to });
  return {
    agreement: older.agreement,
    older: older.version,
    newer: newer.version,
    comparison: compareSnapshots(older.snapshot, newer.snapshot),
    variables: await variableDescriptions(older.agreement.id, [older.snapshot, newer.snapshot]),
  };
}

/**
 * Labels and types of the variables two versions use: from the agreement's
 * draft clauses (which carry the definitions they were drafted with) and,
 * for clauses no longer in the draft, from the library's templates.
 * `agreementId` must be one the user may read.
 */
async function variableDescriptions(agreementId: string, snapshots: VersionSnapshot[]): Promise<Record<string, VariableDescription>> {
  const descriptions: Record<string, VariableDescription> = {};
  const add = (defs: ReadonlyArray<{ name: string; label: string; type: string }>) => {
    for (const def of defs) if (!Object.prototype.hasOwnProperty.call(descriptions, def.name)) descriptions[def.name] = { label: def.label, type: def.type };
  };
  const rows = await db.draftClause.findMany({ where: { agreementId }, select: { variables: true } });
  for (const row of rows) add(parseClauseVariables(row.variables));
  const library = templateLibrary();
  for (const snapshot of snapshots) {
    for (const clause of snapshot.clauses) if (clause.templateId) add(library.clauses.get(clause.templateId)?.variables ?? []);
  }
  return descriptions;
}

/**
 * Starts an amendment of a signed agreement: the draft opens again; the signed
 * version stays in force until the amended version is signed.
 */
export async function startAmendment(options: { user: SessionUser; agreementId: string; audit: AuditContext }) {
  const agreement = await findAgreementForUser({ user: options.user, agreementId: options.agreementId, permission: "agreement:edit" });
  if (agreement.status !== "ondertekend") throw new AppError("CONFLICT", "Alleen een ondertekende overeenkomst kan gewijzigd worden.");
  if (agreement.amending) return;
  await db.$transaction(async (tx) => {
    await tx.agreement.update({ where: { id: agreement.id }, data: { amending: true, draftRevision: { increment: 1 } } });
    await recordAuditEvent({ ...options.audit, actorUserId: options.user.id, action: "agreement.amendment-started", agreementId: agreement.id }, tx);
  });
}

const STATUS_TEXT: Record<string, string> = {
  added: "toegevoegd",
  removed: "verwijderd",
  moved: "verplaatst",
  changed: "gewijzigd",
  "moved-and-changed": "verplaatst en gewijzigd",
  unchanged: "ongewijzigd",
};

/** What a redline page shows: changed clauses with their words, changed values (by label, as the text shows them). */
export function redlineData(comparison: VersionComparison, variables: Readonly<Record<string, VariableDescription>>) {
  return {
    summary: comparison.summary,
    variables: describeVariableChanges(comparison.variables, variables),
    clauses: comparison.clauses
      .filter((c) => c.status !== "unchanged")
      .map((c) => ({
        key: c.key,
        title: c.title,
        sectionTitle: c.sectionTitle,
        status: c.status,
        statusText: STATUS_TEXT[c.status] ?? c.status,
        words: c.words,
        text: c.renderedText,
      })),
  };
}

/**
 * A renewed agreement's draft against last year's signed version, clauses
 * paired through the key they had last year.
 */
export async function compareWithPreviousYear(options: { user: SessionUser; agreementId: string }) {
  const draft = await loadDraft({ user: options.user, agreementId: options.agreementId });
  const previousId = draft.agreement.renewedFromId;
  if (!previousId) throw notFound("Deze overeenkomst is geen vernieuwing van vorig jaar.");
  const previous = await findAgreementForUser({ user: options.user, agreementId: previousId, permission: "agreement:read" });
  const signed = await db.agreementVersion.findFirst({ where: { agreementId: previous.id, status: { in: ["ondertekend", "vervangen"] } }, orderBy: { number: "desc" } });
  if (!signed) throw notFound("Vorig jaar werd geen versie ondertekend.");
  if (!verifyContentHash(signed.content, signed.contentHash)) {
    throw new AppError("CONFLICT", "De versie van vorig jaar is niet meer dezelfde als bij het vastleggen: de controlecode klopt niet.");
  }
  const previousSnapshot = JSON.parse(signed.content) as VersionSnapshot;
  const current = buildSnapshot(draft);
  const previousKeys = new Map(draft.clauses.map((c) => [c.id, c.previousKey]));
  current.clauses = current.clauses.map((c) => ({ ...c, key: previousKeys.get(c.key) ?? c.key }));
  return {
    agreement: draft.agreement,
    previous: { id: previous.id, title: previous.title, schoolYear: previous.schoolYear, number: signed.number },
    comparison: compareSnapshots(previousSnapshot, current),
    variables: await variableDescriptions(draft.agreement.id, [previousSnapshot, current]),
  };
}
