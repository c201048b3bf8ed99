import { describe, expect, it } from "vitest";
import { addDays, defaultEvaluationDates, schoolCalendar, schoolYearOf } from "~/domain/calendar";
import { brusselsDate, brusselsWallTime, parseIsoDateTime } from "~/domain/calendar/brussels-time";
import {
  accountableParties,
  dueItems,
  momentDatesToLoad,
  SIGNING_REMINDER_DEFAULTS,
  signingReminderTimes,
  type AgreementFact,
  type CommitmentFact,
  type DueFacts,
  type DueItem,
  type MomentFact,
  type SigningRequestFact,
} from "./due";
import { composeMessage } from "./messages";

// ─── A small world: a school and a CLB with a signed afsprakennota ──────────

const SCHOOL = "org-school";
const CLB = "org-clb";
const OTHER = "org-other";

function agreement(overrides: Partial<AgreementFact> = {}): AgreementFact {
  return {
    id: "agr-1",
    title: "Afsprakennota 2026-2027",
    status: "ondertekend",
    parties: [
      // The contact people each party named (decision 003): reminders go to them.
      { id: "party-school", organisationId: SCHOOL, organisationName: "VBS De Linde", contactIds: ["u-directie", "u-both"] },
      { id: "party-clb", organisationId: CLB, organisationName: "Vrij CLB Waasland", contactIds: ["u-clb", "u-both"] },
    ],
    accountableRoles: [],
    reminderFirstDays: 5,
    reminderIntervalDays: 3,
    reminderMax: 4,
    ...overrides,
  };
}

const PEOPLE: DueFacts["people"] = [
  { userId: "u-directie", email: "directie@school.test", name: "Dirk Directie", organisationId: SCHOOL, role: "directie" },
  { userId: "u-beheer", email: "beheer@school.test", name: "Bea Beheer", organisationId: SCHOOL, role: "beheerder" },
  { userId: "u-clb", email: "clb@clb.test", name: "Clara CLB", organisationId: CLB, role: "clb_medewerker" },
  // Member of both parties: reminded once.
  { userId: "u-both", email: "both@test.test", name: "Bart Beide", organisationId: SCHOOL, role: "zorgcoordinator" },
  { userId: "u-both", email: "both@test.test", name: "Bart Beide", organisationId: CLB, role: "clb_medewerker" },
  { userId: "u-other", email: "other@test.test", name: "Olga Ander", organisationId: OTHER, role: "directie" },
];

// 2026-2027, rhythm jan-jun: the tussentijdse evaluatie is on Monday 11 January 2027.
const MOMENT = { id: "mom-1", agreementId: "agr-1", date: "2027-01-11", label: "Tussentijdse evaluatie", status: "gepland" };

function facts(overrides: Partial<DueFacts> = {}): DueFacts {
  return {
    agreements: [agreement()],
    moments: [MOMENT],
    people: PEOPLE,
    signingRequests: [],
    digestUsers: [],
    organisationDaysOff: [],
    ...overrides,
  };
}

const at = (iso: string) => new Date(iso);
const keys = (items: DueItem[]) => items.map((i) => i.idempotencyKey);
const ofKind = (items: DueItem[], kind: DueItem["kind"]) => items.filter((i) => i.kind === kind);

/**
 * Runs a fake sweep every `stepMinutes` from `from` to `to` and records, per
 * idempotency key, when it was first due — what the outbox would keep.
 */
function simulate(
  from: string,
  to: string,
  stepMinutes: number,
  worldAt: (now: Date) => DueFacts,
): Map<string, { firstSeen: Date; item: DueItem }> {
  const seen = new Map<string, { firstSeen: Date; item: DueItem }>();
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += stepMinutes * 60_000) {
    const now = new Date(t);
    for (const item of dueItems(worldAt(now), now)) {
      if (!seen.has(item.idempotencyKey)) seen.set(item.idempotencyKey, { firstSeen: now, item });
    }
  }
  return seen;
}

// ─── Brussels time ──────────────────────────────────────────────────────────

describe("Brussels time", () => {
  it("places 07:00 in winter (+01:00) and summer (+02:00) time, also on the days the clocks change", () => {
    expect(brusselsWallTime("2027-01-11", 7).toISOString()).toBe("2027-01-11T06:00:00.000Z");
    expect(brusselsWallTime("2027-06-01", 7).toISOString()).toBe("2027-06-01T05:00:00.000Z");
    expect(brusselsWallTime("2027-03-28", 7).toISOString()).toBe("2027-03-28T05:00:00.000Z"); // spring forward
    expect(brusselsWallTime("2026-10-25", 7).toISOString()).toBe("2026-10-25T06:00:00.000Z"); // fall back
    expect(brusselsDate(at("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
  });

  it("parses ISO date-times, reading a time without offset as Brussels time", () => {
    expect(parseIsoDateTime("2026-12-01T07:00:00Z")?.toISOString()).toBe("2026-12-01T07:00:00.000Z");
    expect(parseIsoDateTime("2026-12-01T07:00:00.5+01:00")?.toISOString()).toBe("2026-12-01T06:00:00.500Z");
    expect(parseIsoDateTime("2026-12-01T07:00")?.toISOString()).toBe("2026-12-01T06:00:00.000Z");
    for (const bad of ["garbage", "", "2026-02-30T07:00Z", "2026-12-01", "2026-12-01T25:00Z", "2026-12-01T07:00+15:00"]) {
      expect(parseIsoDateTime(bad)).toBeNull();
    }
  });
});

// ─── Evaluation reminders ───────────────────────────────────────────────────

describe("evaluation reminders", () => {
  it("are due 14 days before at 07:00 Brussels time, to the contact people the parties named", () => {
    // Monday 4 January 2027 is a school day: the moment of 18 January has its reminder then.
    const moment = { ...MOMENT, date: "2027-01-18" };
    expect(dueItems(facts({ moments: [moment] }), at("2027-01-04T05:59:59Z"))).toEqual([]);
    const items = dueItems(facts({ moments: [moment] }), at("2027-01-04T06:00:00Z"));
    expect(keys(items)).toEqual([
      "eval-14d:mom-1:u-both:2027-01-04",
      "eval-14d:mom-1:u-clb:2027-01-04",
      "eval-14d:mom-1:u-directie:2027-01-04",
    ]);
    expect(items.every((i) => i.dueAt.toISOString() === "2027-01-04T06:00:00.000Z")).toBe(true);
  });

  it("for a moment in January, come on the last school day before the kerstvakantie, not on 28 December", () => {
    // 11 January minus 14 days is Monday 28 December, in the kerstvakantie (21 December – 3 January).
    expect(dueItems(facts(), at("2026-12-28T06:00:00Z"))).toEqual([]);
    expect(dueItems(facts(), at("2026-12-18T05:59:59Z"))).toEqual([]);
    const items = dueItems(facts(), at("2026-12-18T06:00:00Z"));
    expect(keys(items)).toEqual([
      "eval-14d:mom-1:u-both:2026-12-18",
      "eval-14d:mom-1:u-clb:2026-12-18",
      "eval-14d:mom-1:u-directie:2026-12-18",
    ]);
    expect(items.every((i) => i.dueAt.toISOString() === "2026-12-18T06:00:00.000Z")).toBe(true);
  });

  it("are due 3 days before, and the 14-day reminder is no longer sent then", () => {
    expect(ofKind(dueItems(facts(), at("2027-01-08T05:59:00Z")), "eval-14d")).toHaveLength(3);
    const items = dueItems(facts(), at("2027-01-08T06:00:00Z"));
    expect(keys(items)).toEqual([
      "eval-3d:mom-1:u-both:2027-01-08",
      "eval-3d:mom-1:u-clb:2027-01-08",
      "eval-3d:mom-1:u-directie:2027-01-08",
    ]);
    // Once the day itself has begun, no more "3 days before".
    expect(dueItems(facts(), at("2027-01-10T23:00:00Z"))).toEqual([]);
  });

  it("each reminder is due exactly once over the whole period (sweeps every 5 minutes)", () => {
    const seen = simulate("2026-12-10T00:00:00Z", "2027-01-11T23:55:00Z", 5, () => facts());
    expect([...seen.keys()].sort()).toEqual([
      "eval-14d:mom-1:u-both:2026-12-18",
      "eval-14d:mom-1:u-clb:2026-12-18",
      "eval-14d:mom-1:u-directie:2026-12-18",
      "eval-3d:mom-1:u-both:2027-01-08",
      "eval-3d:mom-1:u-clb:2027-01-08",
      "eval-3d:mom-1:u-directie:2027-01-08",
    ]);
    for (const { firstSeen, item } of seen.values()) expect(firstSeen).toEqual(item.dueAt);
  });

  it("use summer time in June", () => {
    const june = { ...MOMENT, id: "mom-2", date: "2027-06-15", label: "Eindevaluatie" };
    expect(dueItems(facts({ moments: [june] }), at("2027-06-01T04:59:00Z"))).toEqual([]);
    expect(dueItems(facts({ moments: [june] }), at("2027-06-01T05:00:00Z"))).toHaveLength(3);
  });

  it("are not sent for completed moments or agreements that are not in force", () => {
    const now = at("2026-12-18T08:00:00Z");
    expect(dueItems(facts(), now)).toHaveLength(3);
    expect(dueItems(facts({ moments: [{ ...MOMENT, status: "afgerond" }] }), now)).toEqual([]);
    for (const status of ["concept", "ter_ondertekening", "gearchiveerd", "verlopen"]) {
      expect(dueItems(facts({ agreements: [agreement({ status })] }), now)).toEqual([]);
    }
  });

  it("a reminder composed late says how many days are really left", () => {
    const [item] = dueItems(facts(), at("2027-01-05T09:00:00Z"));
    const message = composeMessage(item!, { publicUrl: "https://akkoord.test", now: at("2027-01-05T09:00:00Z") });
    expect(message.subject).toBe("Evaluatie op 11 januari 2027: Afsprakennota 2026-2027");
    expect(message.text).toContain("Op maandag 11 januari 2027 staat de tussentijdse evaluatie");
    expect(message.text).toContain("Dat is over 6 dagen.");
    expect(message.text).toContain("https://akkoord.test/overeenkomsten/agr-1");
  });
});

// ─── Overdue notices ────────────────────────────────────────────────────────

describe("overdue notices", () => {
  const roles = (...pairs: Array<[string, string]>) => pairs.map(([commitmentId, partyId]) => ({ commitmentId, partyId }));

  it("go on the next school day at 07:00 to the party accountable (A) for most commitments", () => {
    const world = facts({
      agreements: [agreement({ accountableRoles: roles(["c1", "party-clb"], ["c2", "party-clb"], ["c3", "party-school"]) })],
    });
    expect(ofKind(dueItems(world, at("2027-01-12T05:59:00Z")), "eval-overdue")).toEqual([]);
    const items = dueItems(world, at("2027-01-12T06:00:00Z"));
    expect(keys(items)).toEqual(["eval-overdue:mom-1:u-both:2027-01-12", "eval-overdue:mom-1:u-clb:2027-01-12"]);
    const notice = items[0]!;
    expect(notice.kind === "eval-overdue" && notice.accountable).toEqual(["Vrij CLB Waasland"]);
    const text = composeMessage(notice, { publicUrl: "https://akkoord.test", now: at("2027-01-12T06:00:00Z") }).text;
    expect(text).toContain("Vrij CLB Waasland eindverantwoordelijk (A)");
  });

  it("are not sent once the moment is completed", () => {
    expect(dueItems(facts({ moments: [{ ...MOMENT, status: "afgerond" }] }), at("2027-01-12T08:00:00Z"))).toEqual([]);
  });

  it("go to every party when nobody holds an A, and to all tied parties", () => {
    const none = dueItems(facts(), at("2027-01-12T06:00:00Z"));
    expect(keys(none)).toEqual([
      "eval-overdue:mom-1:u-both:2027-01-12",
      "eval-overdue:mom-1:u-clb:2027-01-12",
      "eval-overdue:mom-1:u-directie:2027-01-12",
    ]);
    expect(none.every((i) => i.kind === "eval-overdue" && i.noAccountableParty)).toBe(true);

    const tied = agreement({ accountableRoles: roles(["c1", "party-clb"], ["c2", "party-school"]) });
    expect(accountableParties(tied).parties.map((p) => p.id)).toEqual(["party-school", "party-clb"]);
    // The same commitment counted once, however often it is listed.
    const repeated = agreement({ accountableRoles: roles(["c1", "party-clb"], ["c1", "party-clb"], ["c2", "party-school"], ["c3", "party-school"]) });
    expect(accountableParties(repeated).parties.map((p) => p.id)).toEqual(["party-school"]);
  });

  it("skip weekends and holidays, and are sent once", () => {
    const friday = { ...MOMENT, date: "2027-01-15" };
    expect(ofKind(dueItems(facts({ moments: [friday] }), at("2027-01-16T08:00:00Z")), "eval-overdue")).toEqual([]);
    expect(ofKind(dueItems(facts({ moments: [friday] }), at("2027-01-18T06:00:00Z")), "eval-overdue")).toHaveLength(3);

    const lastDay = { ...MOMENT, date: "2027-06-30", label: "Eindevaluatie" };
    expect(ofKind(dueItems(facts({ moments: [lastDay] }), at("2027-07-01T08:00:00Z")), "eval-overdue")).toEqual([]);
    expect(keys(ofKind(dueItems(facts({ moments: [lastDay] }), at("2027-09-01T05:00:00Z")), "eval-overdue"))).toContain(
      "eval-overdue:mom-1:u-clb:2027-09-01",
    );

    const seen = simulate("2027-01-11T00:00:00Z", "2027-02-20T00:00:00Z", 60, () => facts());
    expect([...seen.keys()].filter((k) => k.startsWith("eval-overdue"))).toHaveLength(3);
  });
});

// ─── Signing reminders ──────────────────────────────────────────────────────

describe("signing reminders", () => {
  const INVITED = "2027-03-01T10:00:00.000Z";
  function request(overrides: Partial<SigningRequestFact> = {}): SigningRequestFact {
    return {
      id: "req-1",
      agreementId: "agr-2",
      versionId: "ver-1",
      status: "verstuurd",
      versionStatus: "ter_ondertekening",
      invitedAt: at(INVITED),
      expiresAt: at("2027-03-31T10:00:00Z"),
      signatoryName: "Sara Signatoris",
      signatoryEmail: "sara@school.test",
      ...overrides,
    };
  }
  const signing = (req: SigningRequestFact, settings: Partial<AgreementFact> = {}) =>
    facts({ moments: [], agreements: [agreement({ id: "agr-2", status: "ter_ondertekening", ...settings })], signingRequests: [req] });
  const daysAfterInvite = (d: Date) => (d.getTime() - at(INVITED).getTime()) / 86_400_000;

  it("come 5, 8, 11 and 14 days after the invitation (Saturday's on the Friday before), then stop", () => {
    const seen = simulate("2027-03-01T00:00:00Z", "2027-04-05T00:00:00Z", 60, () => signing(request()));
    const found = [...seen.values()].map(({ firstSeen, item }) => ({ day: daysAfterInvite(firstSeen), key: item.idempotencyKey }));
    expect(found.map((f) => f.day)).toEqual([4, 8, 11, 14]);
    expect(found.map((f) => f.key)).toEqual([
      "sign-reminder:req-1:1:2027-03-05T10:00:00.000Z",
      "sign-reminder:req-1:2:2027-03-09T10:00:00.000Z",
      "sign-reminder:req-1:3:2027-03-12T10:00:00.000Z",
      "sign-reminder:req-1:4:2027-03-15T10:00:00.000Z",
    ]);
    const [first] = [...seen.values()];
    const item = first!.item;
    expect(item.recipient).toEqual({ email: "sara@school.test", name: "Sara Signatoris" });
    expect(composeMessage(item, { publicUrl: "https://a.test", now: item.dueAt }).text).toContain("Dit is herinnering 1 van 4.");
  });

  it("follow the agreement's own settings", () => {
    const seen = simulate("2027-03-01T00:00:00Z", "2027-03-20T00:00:00Z", 60, () =>
      signing(request(), { reminderFirstDays: 2, reminderIntervalDays: 1, reminderMax: 2 }),
    );
    expect([...seen.values()].map(({ firstSeen }) => daysAfterInvite(firstSeen))).toEqual([2, 3]);
  });

  it("stop when the request is signed", () => {
    const seen = simulate("2027-03-01T00:00:00Z", "2027-04-05T00:00:00Z", 60, (now) =>
      signing(request(now >= at("2027-03-10T09:00:00Z") ? { status: "ondertekend" } : {})),
    );
    expect([...seen.values()].map(({ firstSeen }) => daysAfterInvite(firstSeen))).toEqual([4, 8]);
  });

  it("stop at expiry, and are never planned after it", () => {
    const seen = simulate("2027-03-01T00:00:00Z", "2027-04-05T00:00:00Z", 60, () =>
      signing(request({ expiresAt: at("2027-03-11T10:00:00Z") })),
    );
    expect([...seen.values()].map(({ firstSeen, item }) => [daysAfterInvite(firstSeen), item.kind === "sign-reminder" && item.max])).toEqual([
      [4, 2],
      [8, 2],
    ]);
    // Expired but not yet marked so by the signing module: still nothing.
    expect(dueItems(signing(request({ expiresAt: at("2027-03-09T09:00:00Z") })), at("2027-03-09T12:00:00Z"))).toEqual([]);
  });

  it("stop on refusal, a withdrawn version, and never start before the invitation", () => {
    const now = at("2027-03-05T12:00:00Z");
    expect(dueItems(signing(request()), now)).toHaveLength(1);
    for (const changed of [
      { status: "geweigerd" },
      { status: "verlopen" },
      { status: "vervallen" },
      { versionStatus: "geweigerd" },
      { versionStatus: "vervangen" },
      { status: "wachtend", invitedAt: null },
    ]) {
      expect(dueItems(signing(request(changed)), now)).toEqual([]);
    }
  });

  it("a late sweep sends only the latest reminder, not a burst", () => {
    // Monday morning, after a weekend without sweeps: the reminder of Friday, not those before it.
    const items = dueItems(signing(request()), at("2027-03-15T07:00:00Z"));
    expect(keys(items)).toEqual(["sign-reminder:req-1:3:2027-03-12T10:00:00.000Z"]);
  });
});

// ─── Weekly digest ──────────────────────────────────────────────────────────

describe("weekly digest", () => {
  const digestUser = { userId: "u-directie", email: "directie@school.test", name: "Dirk Directie", organisationIds: [SCHOOL] };
  const deadline: SigningRequestFact = {
    id: "req-9",
    agreementId: "agr-9",
    versionId: "ver-9",
    status: "wachtend",
    versionStatus: "ter_ondertekening",
    invitedAt: null,
    expiresAt: at("2027-01-08T16:00:00Z"),
    signatoryName: "X",
    signatoryEmail: "x@test.test",
  };
  const world = facts({
    digestUsers: [digestUser],
    agreements: [agreement(), agreement({ id: "agr-9", title: "Engagementsverklaring", status: "ter_ondertekening" })],
    signingRequests: [deadline],
  });

  it("goes out on Monday from 07:00 only, with what is due in the coming 14 days", () => {
    // Monday 4 January 2027.
    expect(ofKind(dueItems(world, at("2027-01-04T05:59:00Z")), "digest")).toEqual([]);
    const [digest] = ofKind(dueItems(world, at("2027-01-04T06:00:00Z")), "digest");
    expect(digest?.idempotencyKey).toBe("digest:u-directie:2027-01-04");
    expect(digest?.kind === "digest" && digest.entries).toEqual([
      { date: "2027-01-08", type: "ondertekening", label: "Uiterste datum ondertekening", agreement: { id: "agr-9", title: "Engagementsverklaring" } },
      { date: "2027-01-11", type: "evaluatie", label: "Tussentijdse evaluatie", agreement: { id: "agr-1", title: "Afsprakennota 2026-2027" } },
    ]);
    const message = composeMessage(digest!, { publicUrl: "https://a.test", now: at("2027-01-04T06:00:00Z") });
    expect(message.text).toContain("• vr 8 januari: Uiterste datum ondertekening — Engagementsverklaring");
    expect(message.text).toContain("https://a.test/instellingen");

    for (const notMonday of ["2027-01-05T06:00:00Z", "2027-01-03T12:00:00Z", "2027-01-08T06:00:00Z"]) {
      expect(ofKind(dueItems(world, at(notMonday)), "digest")).toEqual([]);
    }
  });

  it("is due once a week, on Mondays only", () => {
    const seen = simulate("2026-12-27T00:00:00Z", "2027-01-17T23:55:00Z", 5, () => world);
    const digests = [...seen.entries()].filter(([key]) => key.startsWith("digest:"));
    expect(digests.map(([key, { firstSeen }]) => [key, firstSeen.toISOString()])).toEqual([
      // Not on 28 December, in the kerstvakantie.
      ["digest:u-directie:2027-01-04", "2027-01-04T06:00:00.000Z"],
      // 11 January: the evaluation of that very day is still in the coming 14 days.
      ["digest:u-directie:2027-01-11", "2027-01-11T06:00:00.000Z"],
    ]);
    for (const [, { firstSeen }] of digests) expect(new Date(`${brusselsDate(firstSeen)}T12:00:00Z`).getUTCDay()).toBe(1);
  });

  it("is skipped when nothing is due, and leaves out other organisations' agreements", () => {
    const outsider = { ...digestUser, userId: "u-other", organisationIds: [OTHER] };
    expect(ofKind(dueItems(facts({ digestUsers: [outsider] }), at("2027-01-04T06:00:00Z")), "digest")).toEqual([]);
    // Monday 18 January: the evaluation of 1 February is exactly 14 days ahead, just outside the window.
    const february = facts({ digestUsers: [digestUser], moments: [{ ...MOMENT, date: "2027-02-01" }] });
    expect(ofKind(dueItems(february, at("2027-01-18T06:00:00Z")), "digest")).toEqual([]);
    expect(ofKind(dueItems(february, at("2027-01-25T06:00:00Z")), "digest")).toHaveLength(1);
  });
});

// ─── School days: nothing on a weekend, a holiday or a day off ──────────────

describe("reminders on school days", () => {
  const dueDays = (items: DueItem[]) => [...new Set(items.map((i) => brusselsDate(i.dueAt)))];

  it("a reminder due on a weekend comes on the Friday before, and a sweep on the weekend sends nothing", () => {
    // Wednesday 20 January 2027: 3 days before is Sunday 17 January.
    const world = facts({ moments: [{ ...MOMENT, date: "2027-01-20" }] });
    expect(ofKind(dueItems(world, at("2027-01-15T05:59:00Z")), "eval-3d")).toEqual([]);
    expect(dueDays(ofKind(dueItems(world, at("2027-01-15T06:00:00Z")), "eval-3d"))).toEqual(["2027-01-15"]);
    // The window is open over the weekend, but nothing goes out until Monday.
    expect(dueItems(world, at("2027-01-16T09:00:00Z"))).toEqual([]);
    expect(dueItems(world, at("2027-01-17T09:00:00Z"))).toEqual([]);
    expect(keys(dueItems(world, at("2027-01-18T09:00:00Z")))).toContain("eval-3d:mom-1:u-clb:2027-01-15");
  });

  it("a reminder due on an official day off comes the school day before", () => {
    // Wednesday 25 November 2026: 14 days before is Wapenstilstand (11 November).
    const world = facts({ moments: [{ ...MOMENT, date: "2026-11-25" }] });
    expect(dueItems(world, at("2026-11-11T09:00:00Z"))).toEqual([]);
    expect(dueDays(dueItems(world, at("2026-11-10T06:00:00Z")))).toEqual(["2026-11-10"]);
    // Thursday 20 May 2027: 14 days before is Hemelvaartsdag.
    const ascension = facts({ moments: [{ ...MOMENT, date: "2027-05-20" }] });
    expect(dueItems(ascension, at("2027-05-06T09:00:00Z"))).toEqual([]);
    expect(dueDays(dueItems(ascension, at("2027-05-05T05:00:00Z")))).toEqual(["2027-05-05"]);
  });

  it("a moment just after a holiday gets one reminder, on the last school day before it", () => {
    // Tuesday 5 January 2027: 14 and 3 days before both fall in the kerstvakantie.
    const seen = simulate("2026-12-10T00:00:00Z", "2027-01-05T23:00:00Z", 60, () => facts({ moments: [{ ...MOMENT, date: "2027-01-05" }] }));
    expect([...seen.keys()].sort()).toEqual([
      "eval-3d:mom-1:u-both:2026-12-18",
      "eval-3d:mom-1:u-clb:2026-12-18",
      "eval-3d:mom-1:u-directie:2026-12-18",
    ]);
  });

  it("the team is back in the second half of August: a reminder for 1 September goes then", () => {
    // Wednesday 1 September 2027: 14 days before is Wednesday 18 August; 3 days before is Sunday 29 August.
    const seen = simulate("2027-06-25T00:00:00Z", "2027-09-01T00:00:00Z", 60, () => facts({ moments: [{ ...MOMENT, date: "2027-09-01" }] }));
    expect([...new Set([...seen.keys()].map((k) => `${k.split(":")[0]}:${k.split(":")[3]}`))].sort()).toEqual([
      "eval-14d:2027-08-18",
      "eval-3d:2027-08-27",
    ]);
  });

  it("the weekly digest of a free Monday comes the working day before; one digest before a holiday", () => {
    const digestUser = { userId: "u-directie", email: "directie@school.test", name: "Dirk Directie", organisationIds: [SCHOOL] };
    // Monday 11 November 2030 is Wapenstilstand: the digest goes on Friday 8 November.
    const november = facts({ digestUsers: [digestUser], moments: [{ ...MOMENT, date: "2030-11-20" }] });
    expect(ofKind(dueItems(november, at("2030-11-11T06:00:00Z")), "digest")).toEqual([]);
    const [moved] = ofKind(dueItems(november, at("2030-11-08T06:00:00Z")), "digest");
    expect(moved?.idempotencyKey).toBe("digest:u-directie:2030-11-11");
    expect(moved?.kind === "digest" && moved.weekOf).toBe("2030-11-11");
    expect(composeMessage(moved!, { publicUrl: "https://a.test", now: moved!.dueAt }).text).toContain("dan op de werkdag ervoor");
    // The two Mondays of the kerstvakantie 2026: one digest, on Friday 18 December.
    const deadline = { id: "req-9", agreementId: "agr-1", versionId: "ver-9", status: "wachtend", versionStatus: "ter_ondertekening", invitedAt: null, expiresAt: at("2026-12-23T12:00:00Z"), signatoryName: "X", signatoryEmail: "x@test.test" };
    const december = facts({ digestUsers: [digestUser], signingRequests: [deadline] });
    const seen = simulate("2026-12-13T00:00:00Z", "2027-01-03T23:00:00Z", 60, () => december);
    expect([...seen.entries()].filter(([k]) => k.startsWith("digest:")).map(([k, { firstSeen }]) => [k, brusselsDate(firstSeen)])).toEqual([
      ["digest:u-directie:2026-12-14", "2026-12-14"],
      ["digest:u-directie:2026-12-21", "2026-12-18"],
    ]);
  });

  it("signing reminders pause in July and the first half of August", () => {
    const settings = SIGNING_REMINDER_DEFAULTS;
    const days = (times: Date[]) => times.map((t) => brusselsDate(t));
    // Invited Friday 25 June 2027: 30 June is still a school day, 3, 6 and 9 July are in the pause.
    expect(days(signingReminderTimes(at("2027-06-25T10:00:00Z"), at("2027-07-25T10:00:00Z"), settings))).toEqual(["2027-06-30"]);
    // Invited Tuesday 10 August 2027: not on 15 August, then 18, 20 (Saturday's, on Friday) and 24 August.
    expect(days(signingReminderTimes(at("2027-08-10T10:00:00Z"), at("2027-09-09T10:00:00Z"), settings))).toEqual([
      "2027-08-18",
      "2027-08-20",
      "2027-08-24",
    ]);
    // Never moved back across the pause: Sunday 16 August 2026 does not become 30 June.
    expect(days(signingReminderTimes(at("2026-06-20T10:00:00Z"), at("2026-09-30T10:00:00Z"), { reminderFirstDays: 57, reminderIntervalDays: 3, reminderMax: 2 }))).toEqual([
      "2026-08-19",
    ]);
    // Nothing goes out in the pause, also not to a request invited in it.
    const request: SigningRequestFact = {
      id: "req-7", agreementId: "agr-1", versionId: "ver-7", status: "verstuurd", versionStatus: "ter_ondertekening",
      invitedAt: at("2027-07-05T10:00:00Z"), expiresAt: at("2027-08-04T10:00:00Z"), signatoryName: "S", signatoryEmail: "s@test.test",
    };
    const seen = simulate("2027-07-05T00:00:00Z", "2027-08-05T00:00:00Z", 60, () => facts({ moments: [], signingRequests: [request] }));
    expect([...seen.keys()]).toEqual([]);
  });

  it("an organisation's own days off count too, for every kind of reminder", () => {
    const schoolOff = (...dates: string[]) => dates.map((date) => ({ organisationId: SCHOOL, date }));
    // A studiedag on Friday 18 December 2026: the January reminder comes on Thursday 17, for both parties.
    const studiedag = facts({ organisationDaysOff: schoolOff("2026-12-18") });
    expect(dueItems(studiedag, at("2026-12-18T09:00:00Z"))).toEqual([]);
    expect(dueDays(dueItems(studiedag, at("2026-12-17T06:00:00Z")))).toEqual(["2026-12-17"]);
    // A day off on Tuesday 12 January 2027: the overdue notice of 11 January comes on Wednesday 13.
    const tuesdayOff = facts({ organisationDaysOff: schoolOff("2027-01-12") });
    expect(ofKind(dueItems(tuesdayOff, at("2027-01-12T09:00:00Z")), "eval-overdue")).toEqual([]);
    expect(keys(ofKind(dueItems(tuesdayOff, at("2027-01-13T06:00:00Z")), "eval-overdue"))).toContain("eval-overdue:mom-1:u-clb:2027-01-13");
    // A party's day off on Tuesday 9 March 2027 moves the second signing reminder to Monday 8 March.
    const settings = SIGNING_REMINDER_DEFAULTS;
    expect(signingReminderTimes(at("2027-03-01T10:00:00Z"), at("2027-03-31T10:00:00Z"), settings, new Set(["2027-03-09"])).map((t) => t.toISOString())).toEqual([
      "2027-03-05T10:00:00.000Z",
      "2027-03-08T10:00:00.000Z",
      "2027-03-12T10:00:00.000Z",
      "2027-03-15T10:00:00.000Z",
    ]);
    // The digest follows the recipient's organisations: Monday 18 January 2027 is the school's day off only.
    const digestUsers = [
      { userId: "u-directie", email: "directie@school.test", name: "Dirk Directie", organisationIds: [SCHOOL] },
      { userId: "u-clb", email: "clb@clb.test", name: "Clara CLB", organisationIds: [CLB] },
    ];
    const mondayOff = facts({ digestUsers, moments: [{ ...MOMENT, date: "2027-01-25" }], organisationDaysOff: schoolOff("2027-01-18") });
    expect(keys(ofKind(dueItems(mondayOff, at("2027-01-15T06:00:00Z")), "digest"))).toEqual(["digest:u-directie:2027-01-18"]);
    expect(keys(ofKind(dueItems(mondayOff, at("2027-01-18T06:00:00Z")), "digest"))).toEqual(["digest:u-clb:2027-01-18"]);
  });
});

// ─── Five school years, swept every four hours ──────────────────────────────

describe("five school years of reminders", () => {
  /**
   * A day off by the calendar module's own facts, checked here without the
   * rule under test: a weekend, a day in a holiday (July to 15 August of the
   * zomervakantie: from 16 August the team is back), an official day off, or
   * one of the organisation's own days off.
   */
  function isDayOff(date: string, own: ReadonlySet<string>): boolean {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6 || own.has(date)) return true;
    const calendar = schoolCalendar(schoolYearOf(date));
    const inHoliday = calendar.holidays.some((h) => h.start <= date && date <= (h.name === "zomervakantie" ? `${date.slice(0, 4)}-08-15` : h.end));
    return inHoliday || calendar.daysOff.some((d) => d.date === date);
  }

  for (const startYear of [2026, 2027, 2028, 2029, 2030]) {
    const schoolYear = `${startYear}-${startYear + 1}`;
    it(`${schoolYear}: no reminder of any kind on a weekend, a holiday or a day off; the January reminder before the kerstvakantie`, () => {
      const calendar = schoolCalendar(schoolYear);
      const christmas = calendar.holidays.find((h) => h.name === "kerstvakantie")!;
      const krokus = calendar.holidays.find((h) => h.name === "krokusvakantie")!;
      // The school's own days off: a studiedag early in October, and the Monday after the krokusvakantie.
      const studiedag = addDays(`${startYear}-10-01`, (10 - new Date(`${startYear}-10-01T12:00:00Z`).getUTCDay()) % 7);
      const schoolDaysOff = new Set([studiedag, addDays(krokus.end, 1)]);
      const [january] = defaultEvaluationDates(schoolYear, "jan-jun");

      // A moment on every weekday of the year, the rhythm's January moment, a signing request every day.
      const moments: MomentFact[] = [];
      for (let date = calendar.start; date <= calendar.end; date = addDays(date, 1)) {
        const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
        if (weekday !== 0 && weekday !== 6) moments.push({ id: `m-${date}`, agreementId: "agr-1", date, label: "Evaluatie", status: "gepland" });
      }
      moments.push({ id: "m-january", agreementId: "agr-1", date: january!.date, label: january!.label, status: "gepland" });
      const requests: SigningRequestFact[] = [];
      for (let date = addDays(calendar.start, -16); date <= calendar.end; date = addDays(date, 1)) {
        const invitedAt = at(`${date}T09:00:00Z`);
        requests.push({
          id: `r-${date}`, agreementId: "agr-1", versionId: `v-${date}`, status: "verstuurd", versionStatus: "ter_ondertekening",
          invitedAt, expiresAt: new Date(invitedAt.getTime() + 30 * 86_400_000), signatoryName: "S", signatoryEmail: "s@test.test",
        });
      }
      const people = PEOPLE.filter((p) => p.userId === "u-directie" || p.userId === "u-clb");
      const digestUsers = [
        { userId: "u-directie", email: "directie@school.test", name: "Dirk Directie", organisationIds: [SCHOOL] },
        { userId: "u-clb", email: "clb@clb.test", name: "Clara CLB", organisationIds: [CLB] },
      ];
      const organisationDaysOff = [...schoolDaysOff].map((date) => ({ organisationId: SCHOOL, date }));

      // What the sweep loads at `now`: moments on the dates momentDatesToLoad names, open requests.
      const worldAt = (now: Date): DueFacts => {
        const { from, to, extra } = momentDatesToLoad(now, schoolDaysOff);
        const wanted = new Set(extra);
        return facts({
          moments: moments.filter((m) => (m.date >= from && m.date <= to) || wanted.has(m.date)),
          signingRequests: requests.filter((r) => r.invitedAt! <= now && now < r.expiresAt),
          people,
          digestUsers,
          organisationDaysOff,
        });
      };
      // From 16 August, when the team is back (nothing is due before that), every 4 hours.
      const seen = simulate(`${startYear}-08-16T01:00:00Z`, `${startYear + 1}-08-31T23:00:00Z`, 240, worldAt);

      const kinds = new Map<string, number>();
      const series = new Set<string>();
      for (const [key, { firstSeen, item }] of seen) {
        const day = brusselsDate(firstSeen);
        // The CLB user's digest follows the CLB's calendar; everything else both parties'.
        const own = item.kind === "digest" && item.recipient.userId === "u-clb" ? new Set<string>() : schoolDaysOff;
        expect(isDayOff(day, own), `${key} delivered on ${day}`).toBe(false);
        expect(brusselsDate(item.dueAt), key).toBe(day);
        kinds.set(item.kind, (kinds.get(item.kind) ?? 0) + 1);
        // One due day per reminder: the key of a reminder never changes between sweeps.
        const reminder = key.split(":").slice(0, 3).join(":");
        expect(series.has(reminder), key).toBe(false);
        series.add(reminder);
      }
      expect([...kinds.keys()].sort()).toEqual(["digest", "eval-14d", "eval-3d", "eval-overdue", "sign-reminder"]);
      expect([...seen.keys()].some((key) => key.startsWith("eval-") && schoolDaysOff.has(key.split(":")[3]!))).toBe(false);

      // The January moment's 14-day reminder comes in the last school week before the kerstvakantie.
      const januaryReminders = [...seen.keys()].filter((key) => key.startsWith("eval-14d:m-january:")).map((key) => key.split(":")[3]!);
      expect(januaryReminders).toHaveLength(2);
      for (const day of januaryReminders) {
        expect(day < christmas.start).toBe(true);
        expect(day >= addDays(christmas.start, -7)).toBe(true);
      }
    }, 60_000);
  }
});

// ─── Overdue commitments: a notice to the party holding "A" ─────────────────

describe("overdue commitments", () => {
  const SCHOOL_PARTY = { id: "party-school", organisationId: SCHOOL, organisationName: "VBS De Linde", contactIds: ["u-directie", "u-both"] };
  function commitment(overrides: Partial<CommitmentFact> = {}): CommitmentFact {
    return {
      id: "com-1",
      what: "De school bezorgt de leerlingenlijst aan het CLB.",
      dueDate: "2026-11-17", // a Tuesday
      status: "lopend",
      agreement: { id: "agr-1", title: "Afsprakennota 2026-2027", status: "ondertekend" },
      accountable: [SCHOOL_PARTY],
      ...overrides,
    };
  }
  const world = (c: CommitmentFact[]) => facts({ moments: [], commitments: c });
  const notices = (c: CommitmentFact[], now: Date) => ofKind(dueItems(world(c), now), "commitment-overdue");
  const wednesday7 = brusselsWallTime("2026-11-18", 7);

  it("due yesterday: one notice per contact person of the A party, at 07:00 on the next working day; the same keys all day", () => {
    expect(notices([commitment()], brusselsWallTime("2026-11-17", 23))).toEqual([]);
    expect(notices([commitment()], new Date(wednesday7.getTime() - 1))).toEqual([]);
    const items = notices([commitment()], wednesday7);
    // The school's contacts (its directie and the member of both parties); not the beheerder, not the CLB, not another school.
    expect(items.map((i) => i.recipient.email).sort()).toEqual(["both@test.test", "directie@school.test"]);
    expect(items.every((i) => i.dueAt.getTime() === wednesday7.getTime())).toBe(true);
    expect(keys(items)).toContain("commitment-overdue:com-1:u-directie:2026-11-17");
    // A later sweep (or one after a restart) computes the same keys: the outbox keeps the first.
    expect(keys(notices([commitment()], brusselsWallTime("2026-11-18", 16)))).toEqual(keys(items));
    expect(keys(notices([commitment()], brusselsWallTime("2026-11-20", 7)))).toEqual(keys(items));
  });

  it("goes to the CLB when the CLB holds the A, and to nobody when no party is accountable", () => {
    const clbParty = { id: "party-clb", organisationId: CLB, organisationName: "Vrij CLB Waasland", contactIds: ["u-clb", "u-both"] };
    expect(notices([commitment({ accountable: [clbParty] })], wednesday7).map((i) => i.recipient.email).sort()).toEqual(["both@test.test", "clb@clb.test"]);
    expect(notices([commitment({ accountable: [] })], wednesday7)).toEqual([]);
  });

  it("nothing for a commitment that is done, judged, or of an agreement no longer in force", () => {
    for (const status of ["gehaald", "deels_gehaald", "niet_gehaald", "niet_meer_relevant"]) {
      expect(notices([commitment({ status })], wednesday7), status).toEqual([]);
    }
    expect(notices([commitment({ agreement: { id: "agr-1", title: "x", status: "verlopen" } })], wednesday7)).toEqual([]);
    // Not yet due: due today.
    expect(notices([commitment({ dueDate: "2026-11-18" })], wednesday7)).toEqual([]);
  });

  it("due on a Saturday: the notice comes on Monday, not on Sunday", () => {
    const saturday = commitment({ dueDate: "2026-10-10" });
    expect(notices([saturday], brusselsWallTime("2026-10-11", 7))).toEqual([]);
    expect(notices([saturday], brusselsWallTime("2026-10-11", 12))).toEqual([]);
    const items = notices([saturday], brusselsWallTime("2026-10-12", 7));
    expect(items).toHaveLength(2);
    expect(brusselsDate(items[0]!.dueAt)).toBe("2026-10-12");
  });

  it("due on the last day before the kerstvakantie: the notice waits for the first working day after it", () => {
    const friday = commitment({ dueDate: "2026-12-18" });
    for (let day = "2026-12-19"; day < "2027-01-04"; day = addDays(day, 1)) {
      expect(notices([friday], brusselsWallTime(day, 9)), day).toEqual([]);
    }
    const items = notices([friday], brusselsWallTime("2027-01-04", 7));
    expect(items).toHaveLength(2);
    expect(brusselsDate(items[0]!.dueAt)).toBe("2027-01-04");
  });

  it("the school's own day off moves the notice to its next working day", () => {
    const withDayOff = { ...world([commitment()]), organisationDaysOff: [{ organisationId: SCHOOL, date: "2026-11-18" }] };
    expect(ofKind(dueItems(withDayOff, wednesday7), "commitment-overdue")).toEqual([]);
    const items = ofKind(dueItems(withDayOff, brusselsWallTime("2026-11-19", 7)), "commitment-overdue");
    expect(items).toHaveLength(2);
    expect(brusselsDate(items[0]!.dueAt)).toBe("2026-11-19");
  });

  it("is dropped after the catch-up limit", () => {
    expect(notices([commitment()], brusselsWallTime("2027-01-11", 7))).toEqual([]);
  });

  it("the mail says which commitment, the due date in words, and why this reader gets it", () => {
    const [item] = notices([commitment()], wednesday7);
    const mail = composeMessage(item!, { publicUrl: "https://akkoord.test", now: wednesday7 });
    expect(mail.subject).toBe("Afspraak over tijd: Afsprakennota 2026-2027");
    expect(mail.text).toContain("„De school bezorgt de leerlingenlijst aan het CLB.”");
    expect(mail.text).toContain("dinsdag 17 november 2026");
    expect(mail.text).toContain("VBS De Linde eindverantwoordelijk (A)");
    expect(mail.text).toContain("https://akkoord.test/overeenkomsten/agr-1/afspraken");
  });
});

// ─── Named people (decision 003): bearers and contacts, not every member ─────

describe("reminders go to named people, not every member", () => {
  const reminded = (f: DueFacts, now: Date, kind: DueItem["kind"]) => ofKind(dueItems(f, now), kind).map((i) => i.recipient.userId).sort();
  const fourteenDays = at("2026-12-18T06:00:00Z");
  const withParties = (school: string[] | undefined, clb: string[] | undefined) =>
    agreement({
      parties: [
        { id: "party-school", organisationId: SCHOOL, organisationName: "VBS De Linde", contactIds: school },
        { id: "party-clb", organisationId: CLB, organisationName: "Vrij CLB Waasland", contactIds: clb },
      ],
    });

  it("a party's contact only; a plain member of the party (the school's directie) gets nothing", () => {
    expect(reminded(facts({ agreements: [withParties(["u-both"], ["u-clb"])] }), fourteenDays, "eval-14d")).toEqual(["u-both", "u-clb"]);
  });

  it("a party without a named contact falls back to its beheerder, never to everyone; one without beheerder hears nothing", () => {
    expect(reminded(facts({ agreements: [withParties(undefined, [])] }), fourteenDays, "eval-14d")).toEqual(["u-beheer"]);
  });

  it("a contact who left the organisation (no active membership there) is skipped: the beheerder hears it", () => {
    expect(reminded(facts({ agreements: [withParties(["u-gone"], ["u-directie"])] }), fourteenDays, "eval-14d")).toEqual(["u-beheer"]);
  });

  const SCHOOL_A = { id: "party-school", organisationId: SCHOOL, organisationName: "VBS De Linde", contactIds: ["u-directie"] };
  const overdue = (accountable: CommitmentFact["accountable"]): CommitmentFact => ({
    id: "com-9",
    what: "De school bezorgt de leerlingenlijst aan het CLB.",
    dueDate: "2026-11-17",
    status: "lopend",
    agreement: { id: "agr-1", title: "Afsprakennota 2026-2027", status: "ondertekend" },
    accountable,
  });
  const wednesday7 = brusselsWallTime("2026-11-18", 7);

  it("an overdue commitment goes to the person named on its A, else the party's contacts, else its beheerder", () => {
    const world = (accountable: CommitmentFact["accountable"]) => facts({ moments: [], commitments: [overdue(accountable)] });
    expect(reminded(world([{ ...SCHOOL_A, namedIds: ["u-both"] }]), wednesday7, "commitment-overdue")).toEqual(["u-both"]);
    expect(reminded(world([{ ...SCHOOL_A, namedIds: [] }]), wednesday7, "commitment-overdue")).toEqual(["u-directie"]);
    expect(reminded(world([{ ...SCHOOL_A, contactIds: [] }]), wednesday7, "commitment-overdue")).toEqual(["u-beheer"]);
  });

  it("the weekly digest lists the reader's own commitments (Mijn afspraken), also when nothing else is planned", () => {
    const monday = at("2027-01-04T06:00:00Z");
    const mine = [
      { id: "c-late", what: "Leerlingenlijst bezorgen", dueDate: "2026-12-15", agreement: { id: "agr-1", title: "Afsprakennota 2026-2027" } },
      { id: "c-far", what: "Later", dueDate: "2027-03-01", agreement: { id: "agr-1", title: "Afsprakennota 2026-2027" } },
    ];
    const items = ofKind(
      dueItems(facts({ moments: [], digestUsers: [{ userId: "u-clb", email: "clb@clb.test", name: "Clara CLB", organisationIds: [OTHER], commitments: mine }] }), monday),
      "digest",
    );
    expect(items).toHaveLength(1);
    const item = items[0]! as Extract<DueItem, { kind: "digest" }>;
    expect(item.entries).toEqual([]);
    expect(item.mine?.map((c) => c.id)).toEqual(["c-late"]);
    const mail = composeMessage(item, { publicUrl: "https://akkoord.test", now: monday });
    expect(mail.text).toContain("Mijn afspraken");
    expect(mail.text).toContain("over tijd sinds di 15 december: Leerlingenlijst bezorgen — Afsprakennota 2026-2027");
    expect(mail.text).not.toContain("Later");
  });
});
