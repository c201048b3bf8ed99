import type { Prisma } from "~/generated/prisma/client";
import type { VersionSnapshot } from "~/domain/versions/snapshot";

/**
 * Makes the agreement's commitments match a signed version: the template
 * commitments of the snapshot are created or updated (found again by their
 * snapshot key, so status and history survive an amendment); those no longer
 * in the snapshot become "niet meer relevant". Commitments made by hand stay.
 */
export async function syncCommitmentsFromVersion(tx: Prisma.TransactionClient, versionId: string) {
  const version = await tx.agreementVersion.findUniqueOrThrow({ where: { id: versionId }, select: { agreementId: true, content: true } });
  const snapshot = JSON.parse(version.content) as VersionSnapshot;
  const parties = await tx.agreementParty.findMany({ where: { agreementId: version.agreementId } });
  const partyFor = (role: string | null) => parties.find((p) => p.partyRole === role) ?? null;
  const existing = await tx.commitment.findMany({ where: { agreementId: version.agreementId, snapshotKey: { not: null } } });
  const byKey = new Map(existing.map((c) => [c.snapshotKey!, c]));
  const clauseTemplate = new Map(snapshot.clauses.map((c) => [c.key, c.templateId]));

  for (const c of snapshot.commitments) {
    const data = {
      versionId,
      what: c.what,
      howMeasured: c.howMeasured,
      cadence: c.cadence,
      dueDate: c.dueDate,
      bearerPartyId: partyFor(c.bearerPartyRole)?.id ?? null,
      clauseTemplateId: c.clauseKey ? clauseTemplate.get(c.clauseKey) ?? null : null,
      templateCommitmentId: c.templateCommitmentId,
    };
    const current = byKey.get(c.key);
    const commitment = current
      ? await tx.commitment.update({ where: { id: current.id }, data })
      : await tx.commitment.create({ data: { ...data, agreementId: version.agreementId, snapshotKey: c.key } });
    if (!current) {
      await tx.commitmentStatusChange.create({ data: { commitmentId: commitment.id, toStatus: commitment.status, note: "Afgesproken bij de ondertekening." } });
    }
    await tx.commitmentRole.deleteMany({ where: { commitmentId: commitment.id } });
    const roles = Object.entries(c.rasci)
      .map(([role, letter]) => ({ party: partyFor(role), letter }))
      .filter((r): r is { party: NonNullable<typeof r.party>; letter: string } => r.party !== null);
    if (roles.length > 0) {
      await tx.commitmentRole.createMany({ data: roles.map((r) => ({ commitmentId: commitment.id, partyId: r.party.id, rasci: r.letter })) });
    }
  }
  const keys = new Set(snapshot.commitments.map((c) => c.key));
  for (const old of existing) {
    if (!keys.has(old.snapshotKey!) && old.status !== "niet_meer_relevant") {
      await tx.commitment.update({ where: { id: old.id }, data: { status: "niet_meer_relevant" } });
      await tx.commitmentStatusChange.create({
        data: { commitmentId: old.id, fromStatus: old.status, toStatus: "niet_meer_relevant", note: "Niet meer opgenomen in de nieuwe versie." },
      });
    }
  }
}
