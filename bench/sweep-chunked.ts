// A measuring aid, not app code: loadDueFacts (app/domain/reminders/sweep.server.ts)
// with its three `IN (…)` lists split into chunks of 500 ids. At Flanders scale
// the app's version fails with Prisma's P2029 ("query parameter limit exceeded",
// a relation filter with ~4,000 agreement ids); this copy shows what the same
// queries cost once that is fixed. The bench checks that it finds exactly the
// same items as the raw SQL. Keep in step with loadDueFacts while it is used.
// `indexed: true` also replaces loadDueFacts' per-agreement
// `accountable.filter(…)` (agreements × RASCI rows) with a Map.
import { momentDateRange, type DueFacts } from "~/domain/reminders/due";
import type { PrismaClient } from "~/generated/prisma/client";

const unique = <T,>(values: Iterable<T>) => [...new Set(values)];
const CHUNK = 500;

async function inChunks<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const parts: Array<Promise<T[]>> = [];
  for (let i = 0; i < ids.length; i += CHUNK) parts.push(load(ids.slice(i, i + CHUNK)));
  return (await Promise.all(parts)).flat();
}

export async function loadDueFactsChunked(client: PrismaClient, now: Date): Promise<DueFacts> {
  const range = momentDateRange(now);
  const [moments, requests] = await Promise.all([
    client.evaluationMoment.findMany({
      where: { status: "gepland", date: { gte: range.from, lte: range.to }, agreement: { status: "ondertekend" } },
      select: { id: true, agreementId: true, date: true, label: true, status: true },
    }),
    client.signingRequest.findMany({
      where: { status: { in: ["verstuurd", "wachtend"] }, expiresAt: { gt: now }, version: { status: "ter_ondertekening" } },
      select: {
        id: true,
        status: true,
        invitedAt: true,
        expiresAt: true,
        versionId: true,
        signatory: { select: { name: true, email: true } },
        version: { select: { status: true, agreementId: true } },
      },
    }),
  ]);
  const agreementIds = unique([...moments.map((m) => m.agreementId), ...requests.map((r) => r.version.agreementId)]);
  const [agreements, accountable, digestUsers] = await Promise.all([
    inChunks(agreementIds, (ids) =>
      client.agreement.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          title: true,
          status: true,
          reminderFirstDays: true,
          reminderIntervalDays: true,
          reminderMax: true,
          parties: { select: { id: true, organisationId: true, organisation: { select: { name: true } } } },
        },
      }),
    ),
    inChunks(agreementIds, (ids) =>
      client.commitmentRole.findMany({
        where: { rasci: "A", commitment: { agreementId: { in: ids } } },
        select: { partyId: true, commitmentId: true, commitment: { select: { agreementId: true } } },
      }),
    ),
    client.user.findMany({
      where: { weeklyDigest: true, active: true },
      select: { id: true, email: true, name: true, memberships: { where: { active: true }, select: { organisationId: true } } },
    }),
  ]);
  const organisationIds = unique(agreements.flatMap((a) => a.parties.map((p) => p.organisationId)));
  const memberships = await inChunks(organisationIds, (ids) =>
    client.membership.findMany({
      where: { organisationId: { in: ids }, active: true, user: { active: true } },
      select: { organisationId: true, role: true, user: { select: { id: true, email: true, name: true } } },
    }),
  );
  const accountableByAgreement = new Map<string, Array<{ commitmentId: string; partyId: string }>>();
  for (const r of accountable) {
    const list = accountableByAgreement.get(r.commitment.agreementId) ?? [];
    list.push({ commitmentId: r.commitmentId, partyId: r.partyId });
    accountableByAgreement.set(r.commitment.agreementId, list);
  }
  return {
    agreements: agreements.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      reminderFirstDays: a.reminderFirstDays,
      reminderIntervalDays: a.reminderIntervalDays,
      reminderMax: a.reminderMax,
      parties: a.parties.map((p) => ({ id: p.id, organisationId: p.organisationId, organisationName: p.organisation.name })),
      accountableRoles: accountableByAgreement.get(a.id) ?? [],
    })),
    moments,
    people: memberships.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, organisationId: m.organisationId, role: m.role })),
    signingRequests: requests.map((r) => ({
      id: r.id,
      agreementId: r.version.agreementId,
      versionId: r.versionId,
      status: r.status,
      versionStatus: r.version.status,
      invitedAt: r.invitedAt,
      expiresAt: r.expiresAt,
      signatoryName: r.signatory.name,
      signatoryEmail: r.signatory.email,
    })),
    digestUsers: digestUsers.map((u) => ({ userId: u.id, email: u.email, name: u.name, organisationIds: unique(u.memberships.map((m) => m.organisationId)) })),
  };
}
