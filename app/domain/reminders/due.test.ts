import { describe, expect, it } from "vitest";
import { brusselsDate, brusselsWallTime, parseIsoDateTime } from "./brussels-time";
import {
  accountableParties,
  dueItems,
  type AgreementFact,
  type DueFacts,
  type DueItem,
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
      { id: "party-school", organisationId: SCHOOL, organisationName: "VBS De Linde" },
      { id: "party-clb", organisationId: CLB, organisationName: "Vrij CLB Waasland" },
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
  it("are due 14 days before at 07:00 Brussels time, to every member of the parties except a beheerder", () => {
    expect(dueItems(facts(), at("2026-12-28T05:59:59Z"))).toEqual([]);
    const items = dueItems(facts(), at("2026-12-28T06:00:00Z"));
    expect(keys(items)).toEqual([
      "eval-14d:mom-1:u-both:2026-12-28",
      "eval-14d:mom-1:u-clb:2026-12-28",
      "eval-14d:mom-1:u-directie:2026-12-28",
    ]);
    expect(items.every((i) => i.dueAt.toISOString() === "2026-12-28T06:00:00.000Z")).toBe(true);
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
    const seen = simulate("2026-12-20T00:00:00Z", "2027-01-11T23:55:00Z", 5, () => facts());
    expect([...seen.keys()].sort()).toEqual([
      "eval-14d:mom-1:u-both:2026-12-28",
      "eval-14d:mom-1:u-clb:2026-12-28",
      "eval-14d:mom-1:u-directie:2026-12-28",
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
    const now = at("2026-12-28T08:00:00Z");
    expect(dueItems(facts({ moments: [{ ...MOMENT, status: "afgerond" }] }), now)).toEqual([]);
    for (const status of ["concept", "ter_ondertekening", "gearchiveerd", "verlopen"]) {
      expect(dueItems(facts({ agreements: [agreement({ status })] }), now)).toEqual([]);
    }
  });

  it("a reminder composed late says how many days are really left", () => {
    const [item] = dueItems(facts(), at("2027-01-02T09:00:00Z"));
    const message = composeMessage(item!, { publicUrl: "https://akkoord.test", now: at("2027-01-02T09:00:00Z") });
    expect(message.subject).toBe("Evaluatie op 11 januari 2027: Afsprakennota 2026-2027");
    expect(message.text).toContain("Op maandag 11 januari 2027 staat de tussentijdse evaluatie");
    expect(message.text).toContain("Dat is over 9 dagen.");
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

  it("come 5, 8, 11 and 14 days after the invitation, then stop", () => {
    const seen = simulate("2027-03-01T00:00:00Z", "2027-04-05T00:00:00Z", 60, () => signing(request()));
    const found = [...seen.values()].map(({ firstSeen, item }) => ({ day: daysAfterInvite(firstSeen), key: item.idempotencyKey }));
    expect(found.map((f) => f.day)).toEqual([5, 8, 11, 14]);
    expect(found.map((f) => f.key)).toEqual([
      "sign-reminder:req-1:1:2027-03-06T10:00:00.000Z",
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
    expect([...seen.values()].map(({ firstSeen }) => daysAfterInvite(firstSeen))).toEqual([5, 8]);
  });

  it("stop at expiry, and are never planned after it", () => {
    const seen = simulate("2027-03-01T00:00:00Z", "2027-04-05T00:00:00Z", 60, () =>
      signing(request({ expiresAt: at("2027-03-11T10:00:00Z") })),
    );
    expect([...seen.values()].map(({ firstSeen, item }) => [daysAfterInvite(firstSeen), item.kind === "sign-reminder" && item.max])).toEqual([
      [5, 2],
      [8, 2],
    ]);
    // Expired but not yet marked so by the signing module: still nothing.
    expect(dueItems(signing(request({ expiresAt: at("2027-03-09T09:00:00Z") })), at("2027-03-09T12:00:00Z"))).toEqual([]);
  });

  it("stop on refusal, a withdrawn version, and never start before the invitation", () => {
    const now = at("2027-03-06T12:00:00Z");
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
    const items = dueItems(signing(request()), at("2027-03-13T00:00:00Z"));
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
      // 28 December: only the signing deadline of 8 January lies within 14 days.
      ["digest:u-directie:2026-12-28", "2026-12-28T06:00:00.000Z"],
      ["digest:u-directie:2027-01-04", "2027-01-04T06:00:00.000Z"],
      // 11 January: the evaluation of that very day is still in the coming 14 days.
      ["digest:u-directie:2027-01-11", "2027-01-11T06:00:00.000Z"],
    ]);
    for (const [, { firstSeen }] of digests) expect(new Date(`${brusselsDate(firstSeen)}T12:00:00Z`).getUTCDay()).toBe(1);
  });

  it("is skipped when nothing is due, and leaves out other organisations' agreements", () => {
    const outsider = { ...digestUser, userId: "u-other", organisationIds: [OTHER] };
    expect(ofKind(dueItems(facts({ digestUsers: [outsider] }), at("2027-01-04T06:00:00Z")), "digest")).toEqual([]);
    // 28 December: the evaluation is exactly 14 days ahead, just outside the window.
    expect(ofKind(dueItems(facts({ digestUsers: [digestUser] }), at("2026-12-28T06:00:00Z")), "digest")).toEqual([]);
  });
});
