import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addDays, nextSchoolYear, schoolYearOf, type IsoDate } from "~/domain/calendar";
import { loadClbDashboard } from "~/domain/dashboards/clb-dashboard.server";
import { loadCoordinatorDashboard } from "~/domain/dashboards/coordinator-dashboard.server";
import { parseFilters } from "~/domain/dashboards/filters";
import { loadDashboardPage, type DashboardPage } from "~/domain/dashboards/load-dashboard.server";
import { loadDashboardTeaser, type Teaser } from "~/domain/dashboards/teaser.server";
import { listPendingInvitations } from "~/domain/agreements/accept-party.server";
import { listAgreementsForUser } from "~/domain/agreements/list-agreements.server";
import { loadSchoolDashboard } from "~/domain/dashboards/school-dashboard.server";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { PrismaClient } from "~/generated/prisma/client";
import * as overviewRoute from "~/routes/overzicht";
import { db } from "~/utils/db.server";
import { createSqliteAdapter } from "~/utils/sqlite-adapter.server";
import { createUser, signedInRequest } from "../factories";
import { sessionUserFor } from "../factories/drafts";
import { callRoute } from "../setup/route";

// Every dashboard needs the same number of queries for 5 schools as for 50
// (no N+1). Queries are counted through Prisma's query event on a second
// client over the same database file.

const counting = new PrismaClient({ adapter: createSqliteAdapter(process.env.DATABASE_URL!), log: [{ emit: "event", level: "query" }] });
let queries = 0;
const statements: Array<{ query: string; params: string }> = [];
counting.$on("query", (e) => {
  queries++;
  statements.push({ query: e.query, params: e.params });
});
afterAll(() => counting.$disconnect());

async function countQueries(work: () => Promise<unknown>): Promise<number> {
  queries = 0;
  await work();
  return queries;
}

// The one moment these tests live at: mid school year, so "ten days ago" and
// "in ten days" fall in the same school year whatever day the machine says.
// The route loaders read the clock themselves: a fake clock (Date only, timers
// stay real) gives them the same moment.
const now = new Date("2027-02-10T09:00:00Z");
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"], now });
});
afterAll(() => {
  vi.useRealTimers();
});
const today = brusselsDate(now);
const year = schoolYearOf(today);
const filters = parseFilters(new URLSearchParams(), today);
const DAY = 86_400_000;
const CYCLE = ["concept", "ter_ondertekening", "ondertekend", "verlopen", null] as const;

/** A brugfiguren service and a CLB with `n` schools, agreements in every status, versions, signing requests, commitments and evaluations. */
async function world(n: number) {
  const tag = randomUUID().slice(0, 6);
  const service = await db.organisation.create({ data: { kind: "brugfiguren", name: `Brugfiguren ${tag}` } });
  const clb = await db.organisation.create({ data: { kind: "clb", name: `CLB ${tag}` } });
  const coordinator = await createUser([{ organisationId: service.id, role: "coordinator" }]);
  const clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  const schools = [];
  for (let i = 0; i < n; i++) {
    const school = await db.organisation.create({ data: { kind: "school", name: `School ${tag} ${i}`, municipality: i % 3 === 0 ? "Temse" : "Sint-Niklaas" } });
    schools.push(school);
    if (i % 2 === 0) {
      await db.serviceSchool.create({ data: { serviceId: service.id, schoolId: school.id, source: "manueel" } });
    }
    const status = CYCLE[i % CYCLE.length]!;
    if (status) await agreementWith(service.id, school.id, "engagementsverklaring-brugfiguren", status === "verlopen" ? "2019-2020" : year, status, i);
    else if (i % 2 === 1) {
      // Not onboarded and no agreement with the service: must not appear.
    }
    await agreementWith(clb.id, school.id, "afsprakennota", year, i % 2 ? "ondertekend" : "concept", i);
    if (i % 4 === 0) await agreementWith(clb.id, school.id, "afsprakennota", nextSchoolYear(year), "concept", i);
  }
  return { service, clb, coordinator, clbUser, schools };
}

async function agreementWith(ownId: string, schoolId: string, documentType: string, schoolYear: string, status: string, i: number, signerEmail?: string) {
  const own = documentType === "afsprakennota" ? "clb" : "brugfiguren";
  const agreement = await db.agreement.create({
    data: {
      documentType,
      title: `${documentType} ${i} ${randomUUID().slice(0, 4)}`,
      schoolYear,
      yearCount: documentType === "afsprakennota" ? 1 : 3,
      status,
      parties: {
        create: [
          { organisationId: schoolId, partyRole: "school", position: 0 },
          { organisationId: ownId, partyRole: own, position: 1 },
        ],
      },
    },
    include: { parties: true },
  });
  if (status === "concept") return agreement;
  const party = agreement.parties[0]!;
  const signatory = await db.signatory.create({
    data: { agreementId: agreement.id, partyId: party.id, name: "Directeur", functionTitle: "directeur", email: signerEmail ?? `dir${i}@school.example` },
  });
  const version = await db.agreementVersion.create({
    data: { agreementId: agreement.id, number: 1, status: status === "verlopen" ? "ondertekend" : status, content: "{}", contentHash: randomUUID() },
  });
  if (status === "ter_ondertekening") {
    await db.signingRequest.create({
      data: {
        versionId: version.id,
        signatoryId: signatory.id,
        tokenHash: randomUUID(),
        expiresAt: new Date(now.getTime() + 10 * DAY),
        status: "verstuurd",
        invitedAt: new Date(now.getTime() - 20 * DAY),
      },
    });
  }
  if (status === "ondertekend" || status === "verlopen") {
    await db.auditEvent.create({
      data: { action: "signing.completed", agreementId: agreement.id, versionId: version.id, createdAt: new Date(now.getTime() - DAY) },
    });
    await db.commitment.createMany({
      data: [
        { agreementId: agreement.id, versionId: version.id, what: "Afspraak A", status: "lopend", dueDate: today, bearerPartyId: party.id },
        { agreementId: agreement.id, versionId: version.id, what: "Afspraak B", status: "gehaald", dueDate: today, bearerPartyId: party.id },
      ],
    });
    await db.evaluationMoment.createMany({
      data: [
        { agreementId: agreement.id, date: addDays(today as IsoDate, -10), label: "Evaluatie vorige maand" },
        { agreementId: agreement.id, date: addDays(today as IsoDate, 10), label: "Evaluatie volgende maand" },
      ],
    });
  }
  return agreement;
}

/** One school with `n` agreements, some waiting for the user's signature, some commitments due this month. */
async function schoolWorld(n: number) {
  const partner = await db.organisation.create({ data: { kind: "clb", name: `CLB ${randomUUID().slice(0, 6)}` } });
  const school = await db.organisation.create({ data: { kind: "school", name: `School ${randomUUID().slice(0, 6)}` } });
  const email = `directie-${randomUUID().slice(0, 6)}@school.example`;
  const directie = await createUser([{ organisationId: school.id, role: "directie" }], email);
  for (let i = 0; i < n; i++) {
    await agreementWith(partner.id, school.id, "afsprakennota", year, i % 2 ? "ter_ondertekening" : "ondertekend", i, i % 2 ? email : undefined);
  }
  return { school, directie };
}

describe("dashboard queries don't grow with the number of schools (no N+1)", () => {
  it("coordinator", async () => {
    const small = await world(5);
    const big = await world(50);
    const run = async (w: Awaited<ReturnType<typeof world>>) =>
      countQueries(async () =>
        loadCoordinatorDashboard({
          user: await sessionUserFor(w.coordinator.id),
          filters,
          pages: { schools: 1, evaluations: 1, unsigned: 1 },
          today,
          now,
          client: counting,
        })
      );
    const fewer = await run(small);
    const more = await run(big);
    expect(fewer).toBeGreaterThan(0);
    expect(more).toBe(fewer);
  });

  it("CLB", async () => {
    const small = await world(5);
    const big = await world(50);
    const run = async (w: Awaited<ReturnType<typeof world>>) =>
      countQueries(async () =>
        loadClbDashboard({ user: await sessionUserFor(w.clbUser.id), filters, pages: { schools: 1, evaluations: 1 }, today, client: counting })
      );
    expect(await run(big)).toBe(await run(small));
  });

  it("directie / zorgcoördinator", async () => {
    const small = await schoolWorld(5);
    const big = await schoolWorld(50);
    const run = async (w: Awaited<ReturnType<typeof schoolWorld>>) =>
      countQueries(async () =>
        loadSchoolDashboard({
          user: await sessionUserFor(w.directie.id),
          filters,
          pages: { agreements: 1, signatures: 1, commitments: 1 },
          today,
          client: counting,
        })
      );
    expect(await run(big)).toBe(await run(small));
  });
});

describe("dashboard content", () => {
  it("coordinator: schools × status this year, overdue evaluations, unsigned > 14 days, totals, chart", async () => {
    const w = await world(10);
    const user = await sessionUserFor(w.coordinator.id);
    const d = await loadCoordinatorDashboard({ user, filters, pages: { schools: 1, evaluations: 1, unsigned: 1 }, today, now });
    // Schools 0..9: onboarded (even) or party to an agreement (status not null) — school 9 is neither.
    expect(d.schools.total).toBe(9);
    expect(d.statusTotals).toEqual({ geen: 1, concept: 2, ter_ondertekening: 2, ondertekend: 2, geevalueerd: 0, verlopen: 2 });
    expect(d.unsigned.total).toBe(2);
    expect(d.unsigned.items[0]!.waitingFor).toEqual(["Directeur"]);
    // Overdue evaluations of agreements in force: ondertekend (2) and verlopen (2) schools.
    expect(d.overdueEvaluations.total).toBe(4);
    expect(d.commitmentTotals).toMatchObject({ lopend: 4, gehaald: 4, gepland: 0 });
    expect(d.signedPerMonth.reduce((s, m) => s + m.count, 0)).toBe(4);
    expect(d.signedPerMonth).toHaveLength(12);
    expect(d.signedPerMonth[0]!.label).toMatch(/^sep/);

    const filtered = await loadCoordinatorDashboard({
      user,
      filters: { ...filters, status: "ter_ondertekening", municipality: "Temse" },
      pages: { schools: 1, evaluations: 1, unsigned: 1 },
      today,
      now,
    });
    expect(filtered.schools.items.every((s) => s.status === "ter_ondertekening" && s.municipality === "Temse")).toBe(true);
  });

  it("CLB: its schools × afsprakennota this year and next, upcoming evaluations", async () => {
    const w = await world(6);
    const d = await loadClbDashboard({ user: await sessionUserFor(w.clbUser.id), filters, pages: { schools: 1, evaluations: 1 }, today });
    expect(d.schools.total).toBe(6);
    expect(d.statusTotals).toMatchObject({ ondertekend: 3, concept: 3 });
    const first = d.schools.items.find((s) => s.name.endsWith(" 0"))!;
    expect(first.nextYear.status).toBe("concept");
    expect(d.schools.items.find((s) => s.name.endsWith(" 1"))!.nextYear.status).toBe("geen");
    expect(d.upcomingEvaluations.total).toBe(3);
  });

  it("school: waiting for my signature (my e-mail only) and this month's open commitments", async () => {
    const { directie } = await schoolWorld(4);
    const d = await loadSchoolDashboard({ user: await sessionUserFor(directie.id), filters, pages: { agreements: 1, signatures: 1, commitments: 1 }, today });
    expect(d.agreements.total).toBe(4);
    expect(d.awaitingSignature.total).toBe(2);
    // Two signed agreements, each with one open ("lopend") commitment due today.
    expect(d.commitmentsDue.total).toBe(2);
  });

  it("the /overzicht page: odd filters fall back to defaults, lists are paginated", async () => {
    const w = await world(45);
    const request = await signedInRequest(w.coordinator.id, "/overzicht?schooljaar=abc&status=<script>&pagina=-3&gemeente=");
    const result = await callRoute(overviewRoute.loader, request);
    expect(result.status).toBe(200);
    const data = result.data as {
      filters: { schoolYear: string; status: string | null };
      dashboard: { kind: string; data: { schools: { items: unknown[]; pageCount: number; page: number } } };
    };
    expect(data.filters).toMatchObject({ schoolYear: year, status: null });
    expect(data.dashboard.kind).toBe("dienst");
    expect(data.dashboard.data.schools.items).toHaveLength(20);
    expect(data.dashboard.data.schools.page).toBe(1);
    expect(data.dashboard.data.schools.pageCount).toBeGreaterThan(1);
    const last = await callRoute(overviewRoute.loader, await signedInRequest(w.coordinator.id, "/overzicht?pagina=999"));
    expect((last.data as typeof data).dashboard.data.schools.page).toBe((last.data as typeof data).dashboard.data.schools.pageCount);
  });
});

/** A lokaal bestuur with `n` schools and samenwerkingsovereenkomsten in several statuses. */
async function cityWorld(n: number) {
  const city = await db.organisation.create({ data: { kind: "lokaal_bestuur", name: `Stad ${randomUUID().slice(0, 6)}` } });
  const coordinator = await createUser([{ organisationId: city.id, role: "coordinator" }]);
  for (let i = 0; i < n; i++) {
    const school = await db.organisation.create({ data: { kind: "school", name: `Stadsschool ${randomUUID().slice(0, 6)}` } });
    if (i % 3 === 0) await db.serviceSchool.create({ data: { serviceId: city.id, schoolId: school.id, source: "manueel" } });
    else await agreementWith(city.id, school.id, "samenwerkingsovereenkomst", i % 3 === 1 ? year : "2019-2020", i % 2 ? "ondertekend" : "concept", i);
  }
  return { coordinator };
}

/** The teaser's numbers as the full dashboard gives them (what the start page showed before #18). */
function countsOfDashboard(page: DashboardPage): Record<string, number> {
  const d = page.dashboard!;
  if (d.kind === "school") {
    return { wacht: d.data.awaitingSignature.total, "over-tijd": d.data.commitmentsOverdue.total, binnenkort: d.data.commitmentsDue.total };
  }
  const totals: Record<string, number> = { ...d.data.statusTotals };
  if (d.kind === "dienst") return { ...totals, onder: d.data.unsigned.total, eval: d.data.overdueEvaluations.total };
  if (d.kind === "clb") return { ...totals, eval: d.data.upcomingEvaluations.total };
  return totals;
}

describe("the start page's teaser counts what the dashboard shows, in a few queries (#18)", () => {
  const cases = [
    {
      kind: "dienst",
      queries: 4,
      user: async () => {
        const w = await world(12);
        // One evaluation done this school year: that school's signed agreement counts as "geëvalueerd".
        const moment = await db.evaluationMoment.findFirstOrThrow({
          where: { date: { lt: today }, agreement: { status: "ondertekend", parties: { some: { organisationId: w.service.id } } } },
        });
        await db.evaluationMoment.update({ where: { id: moment.id }, data: { status: "afgerond" } });
        return w.coordinator.id;
      },
    },
    { kind: "clb", queries: 3, user: async () => (await world(12)).clbUser.id },
    { kind: "stad", queries: 2, user: async () => (await cityWorld(9)).coordinator.id },
    {
      kind: "school",
      queries: 3,
      user: async () => {
        const { school, directie } = await schoolWorld(6);
        // Open commitments past their date in signed agreements: the "over tijd" figure.
        const signed = await db.agreement.findMany({ where: { status: "ondertekend", parties: { some: { organisationId: school.id } } }, include: { versions: true, parties: true } });
        for (const a of signed) {
          await db.commitment.create({
            data: { agreementId: a.id, versionId: a.versions[0]!.id, what: "Te laat", status: "lopend", dueDate: addDays(today, -3), bearerPartyId: a.parties[0]!.id },
          });
        }
        return directie.id;
      },
    },
  ] as const;

  for (const c of cases) {
    it(`${c.kind}: the same numbers as the full dashboard, in ${c.queries} queries`, async () => {
      const user = await sessionUserFor(await c.user());
      const page = await loadDashboardPage({ user, params: new URLSearchParams(), now, client: counting });
      expect(page.dashboard?.kind).toBe(c.kind);
      const expected = countsOfDashboard(page);
      let teaser: Teaser | null = null;
      const used = await countQueries(async () => {
        teaser = await loadDashboardTeaser({ user, now, client: counting });
      });
      const counts = Object.fromEntries(teaser!.items.map((i) => [i.key, i.count]));
      expect(counts).toEqual(expected);
      // A world where every figure is zero would prove nothing.
      expect(Object.values(expected).filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
      expect(used).toBe(c.queries);
    });
  }
});

/** The tables a statement reads by scanning them whole (SQLite's EXPLAIN QUERY PLAN "SCAN <table>"; "SCAN sub" is a subquery's result). */
async function scannedTables(work: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await work();
  const scans: string[] = [];
  for (const { query, params } of statements.splice(0)) {
    const values = (JSON.parse(params) as unknown[]).map((v) => (typeof v === "boolean" ? Number(v) : v));
    const plan = await counting.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${query}`, ...values);
    for (const { detail } of plan) {
      const table = /^SCAN (?:main\.)?"?(\w+)"?/.exec(detail)?.[1];
      if (table && table !== "sub") scans.push(table);
    }
  }
  return scans;
}

describe("the start page reads no table whole (#18, EXPLAIN QUERY PLAN)", () => {
  it("neither the teaser of each kind, the agreement list nor the pending invitations scan a table", async () => {
    const w = await world(3);
    const { directie } = await schoolWorld(2);
    const { coordinator } = await cityWorld(3);
    for (const id of [w.coordinator.id, w.clbUser.id, directie.id, coordinator.id]) {
      const user = await sessionUserFor(id);
      expect(await scannedTables(() => loadDashboardTeaser({ user, now, client: counting }))).toEqual([]);
      expect(await scannedTables(() => listPendingInvitations({ user, client: counting }))).toEqual([]);
      expect(await scannedTables(() => listAgreementsForUser({ user, take: 20, client: counting }))).toEqual([]);
    }
  });
});

describe("the start page's agreement list (#18: found from the user's memberships)", () => {
  it("lists the agreements of the user's own organisations, newest change first, paged, with the total", async () => {
    const { school, directie } = await schoolWorld(5);
    const other = await schoolWorld(2);
    const user = await sessionUserFor(directie.id);
    const all = await listAgreementsForUser({ user, take: 50, client: counting });
    expect(all.total).toBe(5);
    expect(all.items.map((a) => a.id).sort()).toEqual(
      (await db.agreement.findMany({ where: { parties: { some: { organisationId: school.id } } }, select: { id: true } })).map((a) => a.id).sort()
    );
    const updated = all.items.map((a) => a.updatedAt.getTime());
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect(all.items.every((a) => a.parties.some((p) => p.organisation.id === school.id))).toBe(true);
    expect(all.items.some((a) => a.parties.some((p) => p.organisation.id === other.school.id))).toBe(false);
    const second = await listAgreementsForUser({ user, take: 2, skip: 2, client: counting });
    expect(second.total).toBe(5);
    expect(second.items.map((a) => a.id)).toEqual(all.items.slice(2, 4).map((a) => a.id));
    // An archived agreement leaves the list unless asked for; a membership made inactive hides the school's.
    await db.agreement.update({ where: { id: all.items[0]!.id }, data: { status: "gearchiveerd" } });
    expect((await listAgreementsForUser({ user, client: counting })).total).toBe(4);
    expect((await listAgreementsForUser({ user, includeArchived: true, client: counting })).total).toBe(5);
    await db.membership.updateMany({ where: { userId: directie.id }, data: { active: false } });
    expect((await listAgreementsForUser({ user, client: counting })).total).toBe(0);
  });
});

describe("the cached teaser of a partner (#18)", () => {
  it("is read afresh after any write: a school linked by the CLB counts at once", async () => {
    const w = await world(4);
    const user = await sessionUserFor(w.clbUser.id);
    const geen = async () => (await loadDashboardTeaser({ user, now }))!.items.find((i) => i.key === "geen")!.count;
    const before = await geen();
    expect(await geen()).toBe(before);
    const school = await db.organisation.create({ data: { kind: "school", name: `Nieuwe school ${randomUUID().slice(0, 6)}` } });
    await db.serviceSchool.create({ data: { serviceId: w.clb.id, schoolId: school.id, source: "manueel" } });
    expect(await geen()).toBe(before + 1);
  });
});
