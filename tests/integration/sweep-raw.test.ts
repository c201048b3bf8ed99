// The benchmark's baseline (bench/sweep-raw.ts) must find exactly the items
// the app's sweep finds, or `sweep.ratio` compares two different questions.
// Here with the organisations' own days off, which move evaluation reminders,
// overdue notices, signing reminders and the weekly digest. Time is injected:
// every `now` below is a fixed date.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dueItems } from "~/domain/reminders/due";
import { brusselsWallTime } from "~/domain/calendar/brussels-time";
import { loadDueFacts } from "~/domain/reminders/sweep.server";
import { db } from "~/utils/db.server";
import { rawDueKeys } from "../../bench/sweep-raw";
import { clearReminderState, signedAgreement, underSignature } from "./reminders-world";

let sqlite: Database.Database;
beforeEach(async () => {
  await clearReminderState();
  await db.commitment.deleteMany();
  await db.organisationDayOff.deleteMany();
  sqlite = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""), { readonly: true });
});
afterEach(() => {
  sqlite.close();
});

/** A signed school × CLB agreement with a moment on 11 January 2027, an overdue commitment of the school, a digest reader and a request under signature. */
async function world(title: string, options: { contacts?: boolean } = {}) {
  const w = await signedAgreement({ title, ...options });
  const moment = w.moments.find((m) => m.date === "2027-01-11");
  expect(moment).toBeDefined();
  const parties = await db.agreementParty.findMany({ where: { agreementId: w.agreement.id } });
  const schoolParty = parties.find((p) => p.organisationId === w.school.id)!;
  const clbParty = parties.find((p) => p.organisationId === w.clb.id)!;
  // Due Tuesday 15 December: the notice is due on Wednesday 16 December (to the school, holding A).
  const commitment = await db.commitment.create({
    data: {
      agreementId: w.agreement.id,
      what: "De school bezorgt de leerlingenlijst aan het CLB.",
      dueDate: "2026-12-15",
      cadence: "eenmalig",
      status: "lopend",
      bearerPartyId: clbParty.id,
      roles: { create: [{ partyId: schoolParty.id, rasci: "A" }, { partyId: clbParty.id, rasci: "R" }] },
    },
  });
  await db.user.update({ where: { id: w.directie.id }, data: { weeklyDigest: true } });
  // Invited Monday 7 December 07:00: reminders on 11 (Sat 12 moved back), 15 and 18 December; expires on the 20th.
  const { request } = await underSignature(w.agreement, {
    invitedAt: brusselsWallTime("2026-12-07", 7),
    expiresAt: brusselsWallTime("2026-12-20", 12),
    email: `teken-${w.school.id}@school.test`,
  });
  return { ...w, moment: moment!, commitment, request };
}

const at = (date: string) => brusselsWallTime(date, 7, 30);

describe("the benchmark's raw sweep query and the app agree (bench/sweep-raw.ts)", () => {
  it("with a school's own days off: reminders moved back, nothing on its day off, the digest on the Friday before", async () => {
    const off = await world("Afsprakennota De Linde");
    const plain = await world("Afsprakennota Het Kompas");
    // Studiedagen of the first school on Monday 14, Wednesday 16 and Friday 18 December 2026.
    for (const date of ["2026-12-14", "2026-12-16", "2026-12-18"]) {
      await db.organisationDayOff.create({ data: { organisationId: off.school.id, kind: "studiedag", startDate: date, endDate: date, label: "Pedagogische studiedag" } });
    }

    const compare = async (date: string) => {
      const now = at(date);
      const app = dueItems(await loadDueFacts(db, now), now).map((i) => i.idempotencyKey);
      expect([...rawDueKeys(sqlite, now)].sort(), date).toEqual([...app].sort());
      return app;
    };

    // Named people (decision 003): a third school names nobody (its beheerder hears it) and its
    // zorgcoördinator, named on the school's A, reads it under "Mijn afspraken" in the digest.
    const unnamed = await world("Afsprakennota De Bron", { contacts: false });
    const unnamedSchoolParty = await db.agreementParty.findFirstOrThrow({ where: { agreementId: unnamed.agreement.id, organisationId: unnamed.school.id } });
    await db.commitmentRole.updateMany({ where: { commitmentId: unnamed.commitment.id, partyId: unnamedSchoolParty.id }, data: { userId: unnamed.member.id } });
    await db.user.update({ where: { id: unnamed.member.id }, data: { weeklyDigest: true } });
    await db.user.update({ where: { id: unnamed.directie.id }, data: { weeklyDigest: false } });

    // Friday 11 December: the digest of the week of Monday 14 comes today for the school with Monday off.
    const friday = await compare("2026-12-11");
    expect(friday).toContain(`digest:${off.directie.id}:2026-12-14`);
    expect(friday.some((k) => k.startsWith(`digest:${plain.directie.id}:`))).toBe(false);
    // Monday 14: the other school's digest; nothing for the school on its day off.
    const monday = await compare("2026-12-14");
    expect(monday).toContain(`digest:${plain.directie.id}:2026-12-14`);
    expect(monday.some((k) => k.includes(off.directie.id) || k.includes(off.clbUser.id))).toBe(false);
    await compare("2026-12-15");
    // Wednesday 16: the overdue notice waits for the school's next working day.
    const wednesday = await compare("2026-12-16");
    expect(wednesday).toContain(`commitment-overdue:${plain.commitment.id}:${plain.directie.id}:2026-12-15`);
    expect(wednesday.some((k) => k.startsWith(`commitment-overdue:${off.commitment.id}:`))).toBe(false);
    // Thursday 17: the 14-day reminder of 11 January and the Friday signing reminder move here, off the studiedag.
    const thursday = await compare("2026-12-17");
    expect(thursday).toContain(`eval-14d:${off.moment.id}:${off.clbUser.id}:2026-12-17`);
    expect(thursday).toContain(`commitment-overdue:${off.commitment.id}:${off.directie.id}:2026-12-15`);
    expect(thursday.filter((k) => k.startsWith(`sign-reminder:${off.request.id}:3:`))).toHaveLength(1);
    const mondayUnnamed = monday.filter((k) => k.includes(unnamed.moment.id) || k.includes(unnamed.commitment.id) || k.startsWith("digest:"));
    expect(mondayUnnamed).toContain(`digest:${unnamed.member.id}:2026-12-14`);
    // Friday 18: the other school's reminders as officially planned.
    const friday18 = await compare("2026-12-18");
    expect(friday18).toContain(`eval-14d:${unnamed.moment.id}:${unnamed.beheerder.id}:2026-12-18`);
    expect(friday18.some((k) => k.includes(unnamed.directie.id) || k.includes(unnamed.clbUser.id))).toBe(false);
    const wednesday16 = wednesday.filter((k) => k.startsWith(`commitment-overdue:${unnamed.commitment.id}:`));
    expect(wednesday16).toEqual([`commitment-overdue:${unnamed.commitment.id}:${unnamed.member.id}:2026-12-15`]);
    expect(friday18).toContain(`eval-14d:${plain.moment.id}:${plain.directie.id}:2026-12-18`);
    expect(friday18.some((k) => k.includes(off.moment.id))).toBe(false);
  });
});
