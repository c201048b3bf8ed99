import { describe, expect, it } from "vitest";
import { isSchoolDay } from "~/domain/calendar";
import { scheduleEvaluationMoments } from "~/domain/evaluation/schedule-evaluations.server";
import { brusselsWallTime } from "~/domain/calendar/brussels-time";
import { runSweep } from "~/domain/reminders/sweep.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createOrganisation } from "../factories";
import {
  deliveredMails,
  fileMailer,
  FOURTEEN_DAYS_BEFORE,
  signedAgreement,
  underSignature,
  useSweepOutbox,
} from "./reminders-world";

const outbox = useSweepOutbox();
const { sweep } = outbox;
const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);
const days = (date: Date, n: number) => new Date(date.getTime() + n * 86_400_000);

describe("scheduleEvaluationMoments", () => {
  it("plans the document type's rhythm on school days, once", async () => {
    const { agreement, moments } = await signedAgreement();
    expect(moments.map((m) => [m.date, m.label, m.status])).toEqual([
      ["2027-01-11", "Tussentijdse evaluatie", "gepland"],
      ["2027-05-14", "Eindevaluatie", "gepland"],
    ]);
    expect(await scheduleEvaluationMoments(db, agreement.id, { today: "2026-09-01" })).toEqual([]);
    expect(await db.evaluationMoment.count({ where: { agreementId: agreement.id } })).toBe(2);
  });

  it("is idempotent when called twice at once", async () => {
    const school = await createOrganisation("school");
    const brug = await createOrganisation("brugfiguren");
    const agreement = await db.agreement.create({
      data: {
        documentType: "engagementsverklaring-brugfiguren",
        title: "Engagementsverklaring",
        schoolYear: "2026-2027",
        yearCount: 3,
        status: "ondertekend",
        parties: { create: [{ organisationId: school.id, partyRole: "school" }, { organisationId: brug.id, partyRole: "brugfiguren", position: 1 }] },
      },
    });
    const results = await Promise.all([
      scheduleEvaluationMoments(db, agreement.id, { today: "2026-09-01" }),
      scheduleEvaluationMoments(db, agreement.id, { today: "2026-09-01" }),
    ]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 9]);
    const moments = await db.evaluationMoment.findMany({ where: { agreementId: agreement.id }, orderBy: { date: "asc" } });
    // Per trimester, three school years.
    expect(moments).toHaveLength(9);
    expect(moments.every((m) => isSchoolDay(m.date))).toBe(true);
    expect(moments[0]!.label).toBe("Evaluatie trimester 1 2026-2027");
    expect(moments[8]!.label).toBe("Evaluatie trimester 3 2028-2029");
  });

  it("leaves out dates that have passed, and refuses an unknown agreement", async () => {
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    const agreement = await db.agreement.create({
      data: {
        documentType: "afsprakennota",
        title: "Laat getekend",
        schoolYear: "2026-2027",
        status: "ondertekend",
        parties: { create: [{ organisationId: school.id, partyRole: "school" }, { organisationId: clb.id, partyRole: "clb", position: 1 }] },
      },
    });
    expect(await scheduleEvaluationMoments(db, agreement.id, { today: "2027-02-01" })).toEqual([
      { date: "2027-05-14", label: "Eindevaluatie" },
    ]);
    await expect(scheduleEvaluationMoments(db, "bestaat-niet")).rejects.toBeInstanceOf(AppError);
  });
});

describe("runSweep", () => {
  it("sends the 14-day reminder to the parties' people (not the beheerder), once", async () => {
    const { directie, beheerder, clbUser, agreement, moments } = await signedAgreement({ title: "Afsprakennota De Linde" });

    expect(await sweep(minutes(FOURTEEN_DAYS_BEFORE, -1))).toEqual({ due: 0, sent: 0, failed: 0, skipped: 0 });
    expect(await sweep(FOURTEEN_DAYS_BEFORE)).toEqual({ due: 2, sent: 2, failed: 0, skipped: 0 });

    const mails = await deliveredMails(outbox.dir);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([directie.email, clbUser.email].sort());
    expect(mails.map((m) => m.to[0])).not.toContain(beheerder.email);
    expect(mails[0]!.subject).toBe("Evaluatie op 11 januari 2027: Afsprakennota De Linde");
    expect(mails[0]!.text).toContain(`https://akkoord.test/overeenkomsten/${agreement.id}`);
    expect(mails.map((m) => m.idempotencyKey).sort()).toEqual(
      [`eval-14d:${moments[0]!.id}:${directie.id}:2026-12-18`, `eval-14d:${moments[0]!.id}:${clbUser.id}:2026-12-18`].sort(),
    );
    const rows = await db.outboxMessage.findMany();
    expect(rows.map((r) => [r.status, r.attempts, r.sentAt?.toISOString()])).toEqual([
      ["sent", 1, FOURTEEN_DAYS_BEFORE.toISOString()],
      ["sent", 1, FOURTEEN_DAYS_BEFORE.toISOString()],
    ]);

    // The next sweeps find the same items already in the outbox.
    expect(await sweep(minutes(FOURTEEN_DAYS_BEFORE, 5))).toEqual({ due: 2, sent: 0, failed: 0, skipped: 2 });
    // Nothing at all in the kerstvakantie; on Monday 4 January the window is still open.
    expect(await sweep(days(FOURTEEN_DAYS_BEFORE, 10))).toEqual({ due: 0, sent: 0, failed: 0, skipped: 0 });
    expect(await sweep(days(FOURTEEN_DAYS_BEFORE, 17))).toEqual({ due: 2, sent: 0, failed: 0, skipped: 2 });
    expect(await deliveredMails(outbox.dir)).toHaveLength(2);
  });

  it("reaches the contact people only: a plain member never, the beheerder only when its party named nobody", async () => {
    const named = await signedAgreement({ title: "Afsprakennota De Linde" });
    const unnamed = await signedAgreement({ title: "Afsprakennota Het Kompas", contacts: false });
    await sweep(FOURTEEN_DAYS_BEFORE);
    const to = (await deliveredMails(outbox.dir)).map((m) => m.to[0]!);
    expect(to).toContain(named.directie.email);
    expect(to).toContain(named.clbUser.email);
    // The school's zorgcoördinator is a member but not named; its beheerder is not needed.
    expect(to).not.toContain(named.member.email);
    expect(to).not.toContain(named.beheerder.email);
    // Nobody named: the school's beheerder hears it, not its directie or zorgcoördinator; the CLB
    // (no contact, no beheerder) has nobody to tell.
    expect(to).toContain(unnamed.beheerder.email);
    for (const member of [unnamed.directie, unnamed.member, unnamed.clbUser]) expect(to).not.toContain(member.email);
    expect(to).toHaveLength(3);
  });

  it("two sweeps at once in one process deliver every reminder exactly once", async () => {
    for (let i = 0; i < 4; i++) await signedAgreement();
    const mailer = fileMailer(outbox.dir);
    const results = await Promise.all(
      [0, 1, 2].map(() => runSweep({ now: FOURTEEN_DAYS_BEFORE, mailer, publicUrl: "https://akkoord.test" })),
    );
    const total = (key: "due" | "sent" | "failed" | "skipped") => results.reduce((sum, r) => sum + r[key], 0);
    expect(results.map((r) => r.due)).toEqual([8, 8, 8]);
    expect(total("sent")).toBe(8);
    expect(total("skipped")).toBe(16);
    expect(total("failed")).toBe(0);

    const mails = await deliveredMails(outbox.dir);
    expect(mails).toHaveLength(8);
    expect(new Set(mails.map((m) => m.idempotencyKey)).size).toBe(8);
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(8);
  });

  it("sends the overdue notice to the accountable party on the next school day", async () => {
    const { clbUser, agreement, moments } = await signedAgreement();
    const parties = await db.agreementParty.findMany({ where: { agreementId: agreement.id } });
    const clbParty = parties.find((p) => p.partyRole === "clb")!;
    const schoolParty = parties.find((p) => p.partyRole === "school")!;
    for (const [what, party] of [["Bereikbaarheid", clbParty], ["Vast aanspreekpunt", clbParty], ["Lokaal", schoolParty]] as const) {
      await db.commitment.create({
        data: { agreementId: agreement.id, what, roles: { create: [{ partyId: party.id, rasci: "A" }] } },
      });
    }
    // Monday 11 January is the evaluation; Tuesday 12 January 07:00 the notice.
    expect(await sweep(new Date("2027-01-12T05:59:00Z"))).toMatchObject({ due: 0 });
    expect(await sweep(new Date("2027-01-12T06:00:00Z"))).toEqual({ due: 1, sent: 1, failed: 0, skipped: 0 });
    const [mail] = await deliveredMails(outbox.dir);
    expect(mail!.to).toEqual([clbUser.email]);
    expect(mail!.subject).toMatch(/^Evaluatie nog niet afgerond: /);
    expect(mail!.idempotencyKey).toBe(`eval-overdue:${moments[0]!.id}:${clbUser.id}:2027-01-12`);

    // Completed meanwhile: nothing more.
    await db.evaluationMoment.update({ where: { id: moments[0]!.id }, data: { status: "afgerond" } });
    expect(await sweep(new Date("2027-01-13T06:00:00Z"))).toEqual({ due: 0, sent: 0, failed: 0, skipped: 0 });
  });

  it("reminds a signatory 5 (a Saturday, so on the Friday before) and 8 days after the invitation and stops once signed", async () => {
    const { agreement } = await signedAgreement();
    await db.agreement.update({ where: { id: agreement.id }, data: { status: "ter_ondertekening" } });
    const invitedAt = new Date("2027-03-01T10:00:00Z");
    const { request, signatory } = await underSignature(agreement, { invitedAt, expiresAt: days(invitedAt, 30) });

    expect(await sweep(minutes(days(invitedAt, 4), -1))).toMatchObject({ due: 0 });
    expect(await sweep(days(invitedAt, 4))).toEqual({ due: 1, sent: 1, failed: 0, skipped: 0 });
    expect(await sweep(minutes(days(invitedAt, 4), 5))).toEqual({ due: 1, sent: 0, failed: 0, skipped: 1 });
    expect(await db.signingRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      remindersSent: 1,
      lastReminderAt: days(invitedAt, 4),
    });
    // Saturday: nothing goes out.
    expect(await sweep(days(invitedAt, 5))).toEqual({ due: 0, sent: 0, failed: 0, skipped: 0 });
    expect(await sweep(days(invitedAt, 8))).toMatchObject({ due: 1, sent: 1 });

    await db.signingRequest.update({ where: { id: request.id }, data: { status: "ondertekend", completedAt: days(invitedAt, 9) } });
    expect(await sweep(days(invitedAt, 11))).toEqual({ due: 0, sent: 0, failed: 0, skipped: 0 });

    const mails = await deliveredMails(outbox.dir);
    expect(mails.map((m) => [m.to[0], m.idempotencyKey])).toEqual([
      [signatory.email, `sign-reminder:${request.id}:1:2027-03-05T10:00:00.000Z`],
      [signatory.email, `sign-reminder:${request.id}:2:2027-03-09T10:00:00.000Z`],
    ]);
    expect(mails[0]!.subject).toMatch(/wacht op uw handtekening$/);
  });

  it("the weekly digest lists 'Mijn afspraken': the commitments a reader carries by name or as contact, not a colleague's", async () => {
    const { directie, member, school, agreement } = await signedAgreement({ title: "Afsprakennota De Linde" });
    const schoolParty = await db.agreementParty.findFirstOrThrow({ where: { agreementId: agreement.id, organisationId: school.id } });
    const commitment = (what: string, userId: string | null) =>
      db.commitment.create({
        data: { agreementId: agreement.id, what, dueDate: "2026-11-20", status: "lopend", bearerPartyId: schoolParty.id, roles: { create: { partyId: schoolParty.id, rasci: "R", userId } } },
      });
    await commitment("Leerlingenlijst bezorgen", null); // nobody named: the school's contact (directie) carries it
    await commitment("Oudercontact plannen", member.id); // named: the zorgcoördinator
    await db.user.updateMany({ where: { id: { in: [directie.id, member.id] } }, data: { weeklyDigest: true } });
    // Monday 16 November 2026: no evaluation or signature within two weeks, only the commitments.
    await sweep(brusselsWallTime("2026-11-16", 7));
    const digests = (await deliveredMails(outbox.dir)).filter((m) => m.idempotencyKey?.startsWith("digest:"));
    const of = (email: string) => digests.find((m) => m.to[0] === email)!.text;
    expect(digests).toHaveLength(2);
    expect(of(directie.email)).toContain("Mijn afspraken");
    expect(of(directie.email)).toContain("Leerlingenlijst bezorgen — Afsprakennota De Linde");
    expect(of(directie.email)).not.toContain("Oudercontact plannen");
    expect(of(member.email)).toContain("Oudercontact plannen");
    expect(of(member.email)).not.toContain("Leerlingenlijst bezorgen");
    // Their overdue notices would reach the sweeps of the next tests.
    await db.commitment.deleteMany({ where: { agreementId: agreement.id } });
  });

  it("sends the weekly digest on Monday to users who asked for it", async () => {
    const { directie, clbUser } = await signedAgreement();
    await db.user.update({ where: { id: directie.id }, data: { weeklyDigest: true } });
    const monday = new Date("2027-01-04T06:00:00Z");
    // The digest, and the 14-day reminders whose window is still open.
    expect(await sweep(monday)).toEqual({ due: 3, sent: 3, failed: 0, skipped: 0 });
    const digests = (await deliveredMails(outbox.dir)).filter((m) => m.idempotencyKey?.startsWith("digest:"));
    expect(digests).toHaveLength(1);
    const mail = digests[0];
    expect(mail!.to).toEqual([directie.email]);
    expect(mail!.idempotencyKey).toBe(`digest:${directie.id}:2027-01-04`);
    expect(mail!.text).toContain("ma 11 januari: Tussentijdse evaluatie");
    expect(await sweep(days(monday, 1))).toMatchObject({ due: 2, sent: 0, skipped: 2 });
    const later = (await deliveredMails(outbox.dir)).filter((m) => m.idempotencyKey?.startsWith("digest:"));
    expect(later.map((m) => m.to[0])).toEqual([directie.email]);
    expect(later.map((m) => m.to[0])).not.toContain(clbUser.email);
  });
});
