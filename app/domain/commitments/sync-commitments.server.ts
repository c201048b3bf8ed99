import type { Prisma } from "~/generated/prisma/client";
import type { VersionSnapshot } from "~/domain/versions/snapshot";

/** The snapshot key of the commitment one party of an "each" commitment carries: the organisation, so an amendment or renewal finds it again. */
export function eachCommitmentKey(key: string, organisationId: string): string {
  return `${key}@${organisationId}`;
}

/**
 * Makes the agreement's commitments match a signed version: the template
 * commitments of the snapshot are created or updated (found again by their
 * snapshot key, so status and history survive an amendment); those no longer
 * in the snapshot become "niet meer relevant". Commitments made by hand stay.
 * A commitment the bearer's parties carry together is one commitment with the
 * role's letter on each of them; one that binds "each" (`each: true`) becomes
 * one commitment per party of that role, each with its own status.
 */
export async function syncCommitmentsFromVersion(tx: Prisma.TransactionClient, versionId: string) {
  const version = await tx.agreementVersion.findUniqueOrThrow({ where: { id: versionId }, select: { agreementId: true, content: true } });
  const snapshot = JSON.parse(version.content) as VersionSnapshot;
  const parties = await tx.agreementParty.findMany({ where: { agreementId: version.agreementId }, orderBy: [{ position: "asc" }, { id: "asc" }] });
  const partiesOf = (role: string | null) => parties.filter((p) => p.partyRole === role);
  const existing = await tx.commitment.findMany({ where: { agreementId: version.agreementId, snapshotKey: { not: null } } });
  const byKey = new Map(existing.map((c) => [c.snapshotKey!, c]));
  const clauseTemplate = new Map(snapshot.clauses.map((c) => [c.key, c.templateId]));
  const keys = new Set<string>();

  for (const c of snapshot.commitments) {
    // Who carries it: each party of the bearer's role on its own, or all of them together (the first one named as bearer).
    const carriers = c.each
      ? partiesOf(c.bearerPartyRole).map((party) => ({ key: eachCommitmentKey(c.key, party.organisationId), bearer: party as (typeof parties)[number] | undefined }))
      : [{ key: c.key, bearer: partiesOf(c.bearerPartyRole)[0] }];
    for (const carrier of carriers) {
      keys.add(carrier.key);
      const data = {
        versionId,
        what: c.what,
        howMeasured: c.howMeasured,
        cadence: c.cadence,
        dueDate: c.dueDate,
        bearerPartyId: carrier.bearer?.id ?? null,
        clauseTemplateId: c.clauseKey ? clauseTemplate.get(c.clauseKey) ?? null : null,
        templateCommitmentId: c.templateCommitmentId,
      };
      const current = byKey.get(carrier.key);
      const commitment = current
        ? await tx.commitment.update({ where: { id: current.id }, data })
        : await tx.commitment.create({ data: { ...data, agreementId: version.agreementId, snapshotKey: carrier.key } });
      if (!current) {
        await tx.commitmentStatusChange.create({ data: { commitmentId: commitment.id, toStatus: commitment.status, note: "Afgesproken bij de ondertekening." } });
      }
      await tx.commitmentRole.deleteMany({ where: { commitmentId: commitment.id } });
      // Every party of a role holds the role's letter; with "each", of the bearer's role only the one that carries it.
      const roles = Object.entries(c.rasci).flatMap(([role, letter]) =>
        (c.each && role === c.bearerPartyRole ? [carrier.bearer!] : partiesOf(role)).map((party) => ({ commitmentId: commitment.id, partyId: party.id, rasci: letter })),
      );
      if (roles.length > 0) await tx.commitmentRole.createMany({ data: roles });
    }
  }
  for (const old of existing) {
    if (!keys.has(old.snapshotKey!) && old.status !== "niet_meer_relevant") {
      await tx.commitment.update({ where: { id: old.id }, data: { status: "niet_meer_relevant" } });
      await tx.commitmentStatusChange.create({
        data: { commitmentId: old.id, fromStatus: old.status, toStatus: "niet_meer_relevant", note: "Niet meer opgenomen in de nieuwe versie." },
      });
    }
  }
}
