// One agreement per parties, document type and school year: starting a new one
// or renewing twice must open the agreement that already exists, never make a
// second one with the same title.
import { AppError } from "~/utils/errors";
import type { Tx } from "~/utils/transaction.server";

/** "This agreement already exists": the route opens `agreementId` instead. */
export class ExistingAgreementError extends AppError {
  readonly agreementId: string;
  constructor(agreementId: string, message: string) {
    super("CONFLICT", message);
    this.name = "ExistingAgreementError";
    this.agreementId = agreementId;
  }
}

/**
 * The agreement (not archived) of this document type and school year whose
 * parties are exactly these organisations, if any. Scoped by the parties: one
 * EXISTS per organisation (an agreement has a handful), never a list of ids.
 */
export async function findSameAgreement(
  client: Tx,
  key: { documentType: string; schoolYear: string; organisationIds: readonly string[] },
): Promise<{ id: string; title: string } | null> {
  const wanted = new Set(key.organisationIds);
  if (wanted.size === 0) return null;
  const candidates = await client.agreement.findMany({
    where: {
      documentType: key.documentType,
      schoolYear: key.schoolYear,
      status: { not: "gearchiveerd" },
      AND: [...wanted].map((organisationId) => ({ parties: { some: { organisationId } } })),
    },
    select: { id: true, title: true, parties: { select: { organisationId: true } } },
    orderBy: { createdAt: "asc" },
  });
  const same = candidates.find((a) => new Set(a.parties.map((p) => p.organisationId)).size === wanted.size);
  return same ? { id: same.id, title: same.title } : null;
}

/** Throws ExistingAgreementError when the same agreement already exists. */
export async function refuseSameAgreement(
  client: Tx,
  key: Parameters<typeof findSameAgreement>[1],
  message: (existing: { title: string }) => string,
): Promise<void> {
  const existing = await findSameAgreement(client, key);
  if (existing) throw new ExistingAgreementError(existing.id, message(existing));
}
