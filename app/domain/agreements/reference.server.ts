// Hands out agreement references ("AN-2026-0042"). One counter row per prefix
// and year is raised with an atomic increment (INSERT … ON CONFLICT DO UPDATE
// through Prisma's upsert) in the transaction that creates the agreement: under
// PostgreSQL the row lock makes concurrent creations wait for each other, under
// SQLite the single writer does; a rolled-back creation gives its number back.
// Agreement.reference is unique besides, so a mistake can never share a number.
import type { Tx } from "~/utils/transaction.server";
import { formatReference, referencePrefix, referenceYear } from "./reference";

/** The next reference for an agreement of this type and school year. Call it with the creating transaction. */
export async function allocateAgreementReference(
  tx: Tx,
  agreement: { documentType: string; schoolYear: string },
): Promise<string> {
  const prefix = referencePrefix(agreement.documentType);
  const year = referenceYear(agreement.schoolYear);
  const counter = await tx.agreementReferenceCounter.upsert({
    where: { prefix_year: { prefix, year } },
    create: { prefix, year, lastValue: 1 },
    update: { lastValue: { increment: 1 } },
    select: { lastValue: true },
  });
  return formatReference(prefix, year, counter.lastValue);
}
