// Shared set-up for the reminder, outbox and calendar-feed tests: a school and
// a CLB with a signed afsprakennota 2026-2027 (rhythm jan-mei: evaluations on
// Monday 11 January and Friday 14 May 2027), their people, and helpers to
// put a version under signature. Not a test file itself.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { scheduleEvaluationMoments } from "~/domain/evaluation/schedule-evaluations.server";
import { createMailer } from "~/domain/mail/send-mail.server";
import { runSweep } from "~/domain/reminders/sweep.server";
import { db } from "~/utils/db.server";
import { createAgreementBetween, createOrganisation, createUser } from "../factories";

export const FROM = "Akkoord <no-reply@akkoord.local>";
/**
 * 07:00 Brussels on Friday 18 December 2026, the 14-day reminder of the evaluation of 11 January
 * 2027: 14 days before is 28 December, in the kerstvakantie, so it comes on the last school day before.
 */
export const FOURTEEN_DAYS_BEFORE = new Date("2026-12-18T06:00:00Z");

/**
 * Reminders go to the people each party named (decision 003): the school's
 * directie is its contact person and the CLB member its ankerfiguur; the
 * school's zorgcoördinator is a plain member (never reminded) and its
 * beheerder hears only when the school names nobody (`contacts: false`).
 */
export async function signedAgreement(options: { title?: string; contacts?: boolean } = {}) {
  const school = await createOrganisation("school");
  const clb = await createOrganisation("clb");
  const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
  const beheerder = await createUser([{ organisationId: school.id, role: "beheerder" }]);
  const member = await createUser([{ organisationId: school.id, role: "zorgcoordinator" }]);
  const clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  const agreement = await createAgreementBetween(school, clb, { status: "ondertekend", title: options.title });
  if (options.contacts !== false) {
    const parties = await db.agreementParty.findMany({ where: { agreementId: agreement.id } });
    const partyOf = (organisationId: string) => parties.find((p) => p.organisationId === organisationId)!.id;
    await db.agreementContact.createMany({
      data: [
        { agreementId: agreement.id, partyId: partyOf(school.id), contactRole: "contactpersoon", userId: directie.id },
        { agreementId: agreement.id, partyId: partyOf(clb.id), contactRole: "ankerfiguur", userId: clbUser.id },
      ],
    });
  }
  await scheduleEvaluationMoments(db, agreement.id, { today: "2026-09-01" });
  const moments = await db.evaluationMoment.findMany({ where: { agreementId: agreement.id }, orderBy: { date: "asc" } });
  return { school, clb, directie, beheerder, member, clbUser, agreement, moments };
}

let versionCounter = 0;

/** Puts a new version of the agreement under signature with one invited signatory. */
export async function underSignature(
  agreement: { id: string },
  options: { invitedAt: Date; expiresAt: Date; email?: string },
) {
  const party = await db.agreementParty.findFirstOrThrow({ where: { agreementId: agreement.id } });
  const number = 100 + ++versionCounter;
  const version = await db.agreementVersion.create({
    data: { agreementId: agreement.id, number, content: "{}", contentHash: "b".repeat(64), status: "ter_ondertekening" },
  });
  const signatory = await db.signatory.create({
    data: {
      agreementId: agreement.id,
      partyId: party.id,
      name: "Sara Signatoris",
      functionTitle: "directeur",
      email: options.email ?? `sara-${number}@school.test`,
    },
  });
  const request = await db.signingRequest.create({
    data: {
      versionId: version.id,
      signatoryId: signatory.id,
      tokenHash: `${number}`.padStart(64, "0"),
      status: "verstuurd",
      invitedAt: options.invitedAt,
      expiresAt: options.expiresAt,
    },
  });
  return { version, signatory, request };
}

/** Forgets everything earlier tests in the same file left behind that could be due. */
export async function clearReminderState() {
  await db.outboxMessage.deleteMany();
  await db.evaluationMoment.deleteMany();
  await db.signingRequest.deleteMany();
  await db.user.updateMany({ data: { weeklyDigest: false } });
}

export async function tempOutbox() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "akkoord-reminders-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function fileMailer(dir: string) {
  return createMailer({ transport: "file", from: FROM, outboxDir: dir });
}

/**
 * The set-up of a file that runs the sweep: a temporary file outbox, emptied
 * together with the reminder state before each test. `dir` is the outbox's
 * folder; `sweep(now)` runs the sweep into it.
 */
export function useSweepOutbox() {
  let outbox: Awaited<ReturnType<typeof tempOutbox>>;
  beforeAll(async () => {
    outbox = await tempOutbox();
  });
  afterAll(async () => {
    await outbox.remove();
  });
  beforeEach(async () => {
    await clearReminderState();
    await outbox.remove();
  });
  return {
    get dir() {
      return outbox.dir;
    },
    sweep: (now: Date) => runSweep({ now, mailer: fileMailer(outbox.dir), publicUrl: "https://akkoord.test" }),
  };
}

/** The messages in a file outbox: one entry per .eml, with its sidecar. */
export async function deliveredMails(dir: string) {
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const mails = [];
  for (const name of names.filter((n) => n.endsWith(".eml")).sort()) {
    const sidecar = JSON.parse(await readFile(path.join(dir, name.replace(/\.eml$/, ".json")), "utf8")) as {
      to: string[];
      subject: string;
      text: string;
      idempotencyKey?: string;
      messageId: string;
    };
    mails.push({ file: name, ...sidecar });
  }
  return mails;
}
