// Commitment due dates where people look (the commitments page, the CSV, the
// iCal feed, the school's dashboard) and the overdue notice to the party
// holding "A". Time is injected: every `now` below is a fixed date.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSweep } from "~/domain/reminders/sweep.server";
import { brusselsWallTime } from "~/domain/reminders/brussels-time";
import { db } from "~/utils/db.server";
import { clearReminderState, deliveredMails, fileMailer, signedAgreement, tempOutbox } from "./reminders-world";

let outbox: Awaited<ReturnType<typeof tempOutbox>>;
beforeAll(async () => {
  outbox = await tempOutbox();
});
afterAll(async () => {
  await outbox.remove();
});
beforeEach(async () => {
  await clearReminderState();
  await db.commitment.deleteMany();
  await outbox.remove();
});

const sweep = (now: Date) => runSweep({ now, mailer: fileMailer(outbox.dir), publicUrl: "https://akkoord.test" });

/** A signed agreement with a commitment of the school (A: the school, R: the CLB). */
async function withCommitment(data: { dueDate: string | null; status?: string; what?: string; cadence?: string }) {
  const world = await signedAgreement({ title: "Afsprakennota De Linde" });
  const parties = await db.agreementParty.findMany({ where: { agreementId: world.agreement.id } });
  const schoolParty = parties.find((p) => p.organisationId === world.school.id)!;
  const clbParty = parties.find((p) => p.organisationId === world.clb.id)!;
  const commitment = await db.commitment.create({
    data: {
      agreementId: world.agreement.id,
      what: data.what ?? "De school bezorgt de leerlingenlijst aan het CLB.",
      dueDate: data.dueDate,
      cadence: data.cadence ?? "eenmalig",
      status: data.status ?? "lopend",
      bearerPartyId: clbParty.id,
      roles: { create: [{ partyId: schoolParty.id, rasci: "A" }, { partyId: clbParty.id, rasci: "R" }] },
    },
  });
  return { ...world, commitment, schoolParty, clbParty };
}

// Tuesday 17 November 2026; the notice is due at 07:00 on Wednesday.
const DUE = "2026-11-17";
const WEDNESDAY_7 = brusselsWallTime("2026-11-18", 7);

describe("overdue commitments notify the party holding A", () => {
  it("due yesterday: one mail to the A party's members through the outbox; a second sweep sends nothing", async () => {
    const { directie, clbUser, beheerder, commitment } = await withCommitment({ dueDate: DUE });
    const other = await withCommitment({ dueDate: DUE, what: "Een afspraak van een andere school" });

    const first = await sweep(WEDNESDAY_7);
    expect(first.sent).toBe(2);
    const rows = await db.outboxMessage.findMany({ where: { kind: "commitment-overdue" }, orderBy: { recipient: "asc" } });
    expect(rows.map((r) => r.recipient).sort()).toEqual([directie.email, other.directie.email].sort());
    expect(rows.map((r) => r.idempotencyKey)).toContain(`commitment-overdue:${commitment.id}:${directie.id}:${DUE}`);
    const mails = (await deliveredMails(outbox.dir)).filter((m) => m.to.includes(directie.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Afspraak over tijd: Afsprakennota De Linde");
    expect(mails[0]!.text).toContain("dinsdag 17 november 2026");
    // The CLB (R, bearer) and the school's beheerder are not told.
    expect(rows.some((r) => r.recipient === clbUser.email || r.recipient === beheerder.email)).toBe(false);

    // Later the same day, the next day, and after a restart (a new sweep, same outbox): nothing new.
    for (const now of [new Date(WEDNESDAY_7.getTime() + 5 * 60_000), brusselsWallTime("2026-11-19", 7)]) {
      const again = await sweep(now);
      expect(again.sent).toBe(0);
    }
    expect(await db.outboxMessage.count({ where: { kind: "commitment-overdue" } })).toBe(2);
  });

  it("no notice for a commitment that is done, one without a due date, or one due today", async () => {
    await withCommitment({ dueDate: DUE, status: "gehaald" });
    await withCommitment({ dueDate: null });
    await withCommitment({ dueDate: "2026-11-18" });
    await sweep(WEDNESDAY_7);
    expect(await db.outboxMessage.count({ where: { kind: "commitment-overdue" } })).toBe(0);
  });

  it("without an A, the bearer's members are told", async () => {
    const { commitment, clbUser } = await withCommitment({ dueDate: DUE });
    await db.commitmentRole.deleteMany({ where: { commitmentId: commitment.id, rasci: "A" } });
    await sweep(WEDNESDAY_7);
    const rows = await db.outboxMessage.findMany({ where: { kind: "commitment-overdue" } });
    expect(rows.map((r) => r.recipient)).toEqual([clbUser.email]);
  });

  it("due on a Saturday: nothing on Sunday, the mail on Monday", async () => {
    const { directie } = await withCommitment({ dueDate: "2026-10-10" });
    await sweep(brusselsWallTime("2026-10-11", 9));
    expect(await db.outboxMessage.count({ where: { kind: "commitment-overdue" } })).toBe(0);
    await sweep(brusselsWallTime("2026-10-12", 7));
    const rows = await db.outboxMessage.findMany({ where: { kind: "commitment-overdue" } });
    expect(rows.map((r) => [r.recipient, r.dueAt.toISOString()])).toEqual([[directie.email, brusselsWallTime("2026-10-12", 7).toISOString()]]);
  });
});
