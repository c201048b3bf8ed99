// The demo setting (prisma/seed.ts), brought a little further with the app's
// own use cases so that every route has something real to show: two complete
// drafts frozen as version 1 with evaluation moments, one engagementsverklaring
// sent for signing (a real signing link), a calendar feed token. Ids are looked
// up by the demo organisations' names, never hard-coded.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import { addSignatory, saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { createCalendarToken } from "~/domain/reminders/calendar-feed.server";
import { scheduleEvaluationMoments } from "~/domain/evaluation/schedule-evaluations.server";
import { db } from "~/utils/db.server";
import { sampleRaw, sessionUserFor } from "../../factories/drafts";
import { DEMO_USERS } from "../../../prisma/demo-data";
import { PARTY_STATUS } from "~/domain/drafting/parties";
import { acceptParty } from "~/domain/agreements/accept-party.server";

export const audit = { ipAddress: "127.0.0.1", userAgent: "reliability" };

export type DemoRole = "directie" | "zorgcoordinator" | "clb_medewerker" | "clb_directeur" | "brugfiguur" | "coordinator" | "beheerder";
export const DEMO_ROLES: readonly DemoRole[] = ["directie", "zorgcoordinator", "clb_medewerker", "clb_directeur", "brugfiguur", "coordinator", "beheerder"];

/** The demo user of each role (the beheerder has two memberships, both "beheerder"). */
export function demoEmail(role: DemoRole): string {
  const user = DEMO_USERS.find((u) => u.memberships[0]!.role === role);
  if (!user) throw new Error(`no demo user for ${role}`);
  return user.email;
}

async function orgId(name: string) {
  return (await db.organisation.findFirstOrThrow({ where: { name }, select: { id: true } })).id;
}

/** The agreement of this type between two organisations (by name), optionally in a given status. */
export async function agreementBetween(documentType: string, a: string, b: string, status?: string) {
  const [first, second] = [await orgId(a), await orgId(b)];
  return db.agreement.findFirstOrThrow({
    where: { documentType, ...(status ? { status } : {}), AND: [{ parties: { some: { organisationId: first } } }, { parties: { some: { organisationId: second } } }] },
    orderBy: { schoolYear: "asc" },
    select: { id: true, draftRevision: true },
  });
}

/** The afsprakennota draft of VBS De Wereldreiziger and its CLB (the demo's renewal for next year): both sides may edit it. */
export const editableAfsprakennota = () => agreementBetween("afsprakennota", "Vrij CLB Reynaertland", "VBS De Wereldreiziger", "concept");

const DRAFTING_ROLES = ["directie", "clb_medewerker", "clb_directeur", "coordinator", "zorgcoordinator"];

/** The session of the first member of an organisation who may draft (a party names its own signatories). */
export async function drafterOf(organisationId: string) {
  const membership = await db.membership.findFirst({
    where: { organisationId, active: true, role: { in: DRAFTING_ROLES } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { userId: true },
  });
  if (!membership) throw new Error(`no drafting member in organisation ${organisationId}`);
  return sessionUserFor(membership.userId);
}

/**
 * Fills every empty variable (as `email`) and gives every party one signatory,
 * named by a member of that party itself.
 */
export async function completeDraft(agreementId: string, email: string) {
  const userRow = await db.user.findUniqueOrThrow({ where: { email } });
  const user = await sessionUserFor(userRow.id);
  const revision = async () => (await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision;
  const draft = await loadDraft({ user, agreementId });
  const raw: Record<string, string> = {};
  for (const v of draft.variables) {
    if (draft.values[v.name] === undefined || draft.values[v.name] === null) raw[v.name] = sampleRaw(v as never);
  }
  const saved = await saveDraftValues({ user, agreementId, revision: await revision(), raw, audit });
  if (!saved.ok) throw new Error(`sample values refused: ${JSON.stringify(saved.errors)}`);
  // Each party accepts and names its own signatory (issue 12: parties act for themselves).
  for (const party of draft.parties) {
    const partyRow = await db.agreementParty.findUniqueOrThrow({ where: { id: party.id }, select: { organisationId: true, status: true } });
    if (partyRow.status !== PARTY_STATUS.accepted) {
      await acceptParty({ user: await drafterOf(partyRow.organisationId), agreementId, partyId: party.id, audit });
    }
    await addSignatory({
      user: await drafterOf(partyRow.organisationId),
      agreementId,
      revision: await revision(),
      audit,
      input: { partyId: party.id, name: `Directeur ${party.name}`, functionTitle: "directeur", email: `dir-${party.id}@reliability.example`.toLowerCase(), kind: "signer" },
    });
  }
  return { user, revision: await revision() };
}

/** completeDraft, then freezes version 1. */
export async function completeAndFreeze(agreementId: string, email: string) {
  const { user, revision } = await completeDraft(agreementId, email);
  const version = await freezeDraft({ user, agreementId, revision, audit });
  // Every party accepted for itself (completeDraft): nobody needs to accept by signing.
  return { user, version, acceptBySigning: false };
}

/** A member for an organisation of the demo that has none (so that it can act for itself). */
export async function ensureMember(organisationName: string, role: string, email: string) {
  const organisation = await db.organisation.findFirstOrThrow({ where: { name: organisationName }, select: { id: true } });
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) return existing;
  const template = await db.user.findUniqueOrThrow({ where: { email: demoEmail("directie") }, select: { passwordHash: true } });
  return db.user.create({
    data: { email, name: `Lid ${organisationName}`, passwordHash: template.passwordHash, memberships: { create: { organisationId: organisation.id, role } } },
  });
}

/** The member of GO! Atheneum Waasrand (the school of the brugfiguren engagementsverklaring), added by the world. */
export const WAASRAND_DIRECTIE = "directie.waasrand@reliability.example";

/** The personal signing links in the file outbox, newest last. */
export async function signingTokens(outboxDir = process.env.MAIL_OUTBOX_DIR!): Promise<string[]> {
  const tokens: string[] = [];
  const files = (await readdir(outboxDir)).filter((f) => f.endsWith(".eml")).sort();
  for (const file of files) {
    const text = (await readFile(path.join(outboxDir, file), "utf8")).replace(/=\r?\n/g, "");
    for (const match of text.matchAll(/\/onderteken\/([A-Za-z0-9_-]{43})\b/g)) if (!tokens.includes(match[1]!)) tokens.push(match[1]!);
  }
  return tokens;
}

export type World = {
  /** The afsprakennota draft of Vrij CLB Reynaertland × VBS De Wereldreiziger, frozen as version 1, with evaluation moments. */
  afsprakennota: { id: string; clauseId: string; momentId: string };
  /** The engagementsverklaring draft of the brugfiguren service × GO! Atheneum Waasrand, frozen as version 1, with evaluation moments. */
  engagement: { id: string; clauseId: string; momentId: string };
  /** An agreement the school and CLB roles are not party to (the engagementsverklaring with Waasrand). */
  foreignForSchoolAndClb: string;
  /** An agreement the brugfiguren roles are not party to (the afsprakennota with Het Klavertje). */
  foreignForBrug: string;
  /** A real, open signing link (engagementsverklaring with Het Klavertje, sent). */
  signingToken: string;
  calendarToken: string;
  /** A school the brugfiguren service works with, and one it does not. */
  serviceSchool: string;
  otherSchool: string;
  /** The (first) organisation of each demo role, and its kind. */
  organisations: Record<DemoRole, string>;
  organisationKinds: Record<DemoRole, string>;
  schoolYear: string;
};

export async function prepareWorld(): Promise<World> {
  const afsprakennota = await editableAfsprakennota();
  const engagement = await agreementBetween("engagementsverklaring-brugfiguren", "Brugfiguren Sint-Niklaas", "GO! Atheneum Waasrand", "concept");
  const klavertjeNota = await agreementBetween("afsprakennota", "Vrij CLB Reynaertland", "Basisschool Het Klavertje");
  const toSend = await agreementBetween("afsprakennota", "Vrij CLB Reynaertland", "Vrije Basisschool De Zonnewijzer", "concept");
  // Every party names its own signatories: the schools without demo users get one.
  await ensureMember("GO! Atheneum Waasrand", "directie", WAASRAND_DIRECTIE);
  await ensureMember("Vrije Basisschool De Zonnewijzer", "directie", "directie.zonnewijzer@reliability.example");

  await completeAndFreeze(afsprakennota.id, demoEmail("clb_medewerker"));
  await completeAndFreeze(engagement.id, demoEmail("coordinator"));
  const { user, version, acceptBySigning } = await completeAndFreeze(toSend.id, demoEmail("clb_medewerker"));
  await sendForSigning({ user, agreementId: toSend.id, versionId: version.id, audit, acceptBySigning });
  const signingToken = (await signingTokens()).at(-1);
  if (!signingToken) throw new Error("no signing link in the outbox");

  for (const { id } of [afsprakennota, engagement]) {
    const agreement = await db.agreement.findUniqueOrThrow({ where: { id } });
    await scheduleEvaluationMoments(db, id, { today: `${agreement.schoolYear.slice(0, 4)}-09-01` });
  }
  const firstClause = async (agreementId: string) =>
    (await db.draftClause.findFirstOrThrow({ where: { agreementId }, orderBy: [{ section: "asc" }, { position: "asc" }] })).id;
  const firstMoment = async (agreementId: string) => (await db.evaluationMoment.findFirstOrThrow({ where: { agreementId }, orderBy: { date: "asc" } })).id;

  const directie = await db.user.findUniqueOrThrow({ where: { email: demoEmail("directie") } });
  const organisations = {} as Record<DemoRole, string>;
  const organisationKinds = {} as Record<DemoRole, string>;
  for (const role of DEMO_ROLES) {
    const membership = await db.membership.findFirstOrThrow({
      where: { user: { email: demoEmail(role) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { organisation: true },
    });
    organisations[role] = membership.organisationId;
    organisationKinds[role] = membership.organisation.kind;
  }
  return {
    organisations,
    organisationKinds,
    schoolYear: (await db.agreement.findUniqueOrThrow({ where: { id: afsprakennota.id } })).schoolYear,
    afsprakennota: { id: afsprakennota.id, clauseId: await firstClause(afsprakennota.id), momentId: await firstMoment(afsprakennota.id) },
    engagement: { id: engagement.id, clauseId: await firstClause(engagement.id), momentId: await firstMoment(engagement.id) },
    foreignForSchoolAndClb: engagement.id,
    foreignForBrug: klavertjeNota.id,
    signingToken,
    calendarToken: await createCalendarToken({ userId: directie.id }),
    serviceSchool: await orgId("VBS De Wereldreiziger"),
    otherSchool: await orgId("GBS De Regenboog"),
  };
}
