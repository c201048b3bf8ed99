import type { Permission } from "~/domain/access/policy";
import { checkAgreementAccess, findAgreementForUser, type AgreementWithParties } from "~/domain/access/find-agreement.server";
import type { Tx } from "~/utils/transaction.server";
import type { AgreementVersion, DraftClause, Prisma, Signatory } from "~/generated/prisma/client";
import type { SessionUser } from "~/domain/access/actor";

/**
 * Several steps on one new draft in one transaction (the bulk send: create,
 * fill in, signatories, freeze, send). The agreement, its clauses and its
 * signatories are read once; each step that writes one of them keeps it here
 * as it now stands in `tx`, so no step reloads what the step before it wrote.
 * Pass it to loadDraft, saveDraftValues, addSignatory, freezeDraft and
 * startSigning; the other edits don't keep it up to date.
 */
export type DraftWork = {
  tx: Tx;
  /** The agreement's row and parties (its `updatedAt` is not kept). */
  agreement: AgreementWithParties;
  /** In DRAFT_CLAUSE_ORDER. */
  clauses: DraftClause[];
  /** In SIGNATORY_ORDER. */
  signatories: Signatory[];
  /** The version freezeDraft made in this work (the agreement's latest), once it did. */
  version?: AgreementVersion;
};

/** The work on an agreement createAgreement just made in `tx` (it has no signatories yet). */
export function workOnNewDraft(tx: Tx, created: AgreementWithParties & { draftClauses: DraftClause[] }): DraftWork {
  const { draftClauses, ...agreement } = created;
  return { tx, agreement, clauses: draftClauses, signatories: [] };
}

/** How loadDraft reads a draft's clauses (it then sorts them by section); compareDraftClauses is the same order in memory. */
export const DRAFT_CLAUSE_ORDER = [{ position: "asc" }, { id: "asc" }] satisfies Prisma.DraftClauseOrderByWithRelationInput[];

/** How loadDraft reads a draft's signatories; compareSignatories is the same order in memory. */
export const SIGNATORY_ORDER = [{ position: "asc" }, { name: "asc" }] satisfies Prisma.SignatoryOrderByWithRelationInput[];

/** Text in SQLite's order (BINARY collation: by UTF-8 bytes). */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function compareDraftClauses(a: DraftClause, b: DraftClause): number {
  return a.position - b.position || compareText(a.id, b.id);
}

export function compareSignatories(a: Signatory, b: Signatory): number {
  return a.position - b.position || compareText(a.name, b.name);
}

/** The order in which signers are asked to sign; compareSigners is the same order in memory. */
export const SIGNER_ORDER = [{ position: "asc" }, { id: "asc" }] satisfies Prisma.SignatoryOrderByWithRelationInput[];

export function compareSigners(a: Signatory, b: Signatory): number {
  return a.position - b.position || compareText(a.id, b.id);
}

/** findAgreementForUser, or with `work` the work's agreement after the same checks (not read again). */
export async function findDraftAgreement(options: {
  user: SessionUser;
  agreementId: string;
  permission: Permission;
  work?: DraftWork;
}): Promise<AgreementWithParties> {
  const { work, ...find } = options;
  if (!work) return findAgreementForUser(find);
  return checkAgreementAccess(find.user, work.agreement.id === find.agreementId ? work.agreement : null, find.permission);
}
