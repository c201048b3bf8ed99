// The bench's dataset (bench/dataset.ts) at a tiny scale, written into this
// file's own test database: the parties of issue #13 are there in the shapes
// the Flanders-scale run measures (boards, partner–school links with their
// contact people, named people per agreement, party and signatory states,
// signing groups), the app's dashboards read them, and the bench's raw sweep
// query still asks the app's question on them. Time is injected: NOW only.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDashboardPage } from "~/domain/dashboards/load-dashboard.server";
import { brusselsWallTime } from "~/domain/calendar/brussels-time";
import { dueItems } from "~/domain/reminders/due";
import { loadDueFacts } from "~/domain/reminders/sweep.server";
import { db } from "~/utils/db.server";
import { sessionUserById } from "~/utils/session.server";
import { generateDataset, TINY_SCALE, type DatasetInfo } from "../../bench/dataset";
import { rawDueKeys } from "../../bench/sweep-raw";

const NOW = new Date("2026-12-07T08:00:00Z");
const scale = TINY_SCALE;
let info: DatasetInfo;
let sqlite: Database.Database;

beforeAll(() => {
  info = generateDataset(process.env.DATABASE_URL!.replace(/^file:/, ""), { now: NOW, scale });
  sqlite = new Database(info.file, { readonly: true });
}, 180_000);
afterAll(() => sqlite?.close());

const rows = <T,>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params) as T[];
const count = (sql: string, ...params: unknown[]) => (sqlite.prepare(sql).get(...params) as { n: number }).n;

describe("the bench dataset's partners and their schools", () => {
  it("links every school to its CLB and city, and the services to theirs: one CLB of bigClbSchools, one service of bigServiceSchools", () => {
    const perPartner = rows<{ kind: string; name: string; schools: number }>(
      `SELECT o."kind", o."name", COUNT(*) AS schools FROM "ServiceSchool" l JOIN "Organisation" o ON o."id" = l."serviceId" GROUP BY o."id"`,
    );
    const clbs = perPartner.filter((p) => p.kind === "clb").map((p) => p.schools).sort((a, b) => b - a);
    expect(clbs).toHaveLength(scale.clbs);
    expect(clbs[0]).toBe(scale.bigClbSchools);
    const rest = (scale.schools - scale.bigClbSchools) / (scale.clbs - 1);
    for (const n of clbs.slice(1)) expect(Math.abs(n - rest)).toBeLessThanOrEqual(1);
    expect(perPartner.find((p) => p.name === "Brugfiguren Vlaanderen")?.schools).toBe(scale.bigServiceSchools);
    expect(perPartner.find((p) => p.name === info.coordinator.serviceName)?.schools).toBe(scale.coordinatorSchools);
    // Every school: exactly one CLB and one city.
    for (const kind of ["clb", "lokaal_bestuur"]) {
      expect(
        count(
          `SELECT COUNT(*) AS n FROM "Organisation" s WHERE s."kind" = 'school' AND (SELECT COUNT(*) FROM "ServiceSchool" l JOIN "Organisation" p ON p."id" = l."serviceId" WHERE l."schoolId" = s."id" AND p."kind" = ?) <> 1`,
          kind,
        ),
      ).toBe(0);
    }
  });

  it("names a contact person of the partner itself on every link (the ankerfiguur, the brugfiguur, the city's beheerder)", () => {
    expect(count(`SELECT COUNT(*) AS n FROM "ServiceSchool" WHERE "contactUserId" IS NULL`)).toBe(0);
    expect(
      count(`SELECT COUNT(*) AS n FROM "ServiceSchool" l WHERE NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = l."contactUserId" AND m."organisationId" = l."serviceId")`),
    ).toBe(0);
    const roles = rows<{ role: string }>(`SELECT DISTINCT m."role" FROM "ServiceSchool" l JOIN "Membership" m ON m."userId" = l."contactUserId" AND m."organisationId" = l."serviceId"`).map((r) => r.role);
    expect(roles.sort()).toEqual(["beheerder", "brugfiguur", "clb_medewerker"]);
  });

  it("gives every school a board shared with other schools, its net, level, scholengemeenschap and its CLB's number", () => {
    const schools = rows<Record<string, string | null>>(`SELECT * FROM "Organisation" WHERE "kind" = 'school'`);
    for (const s of schools) {
      for (const field of ["boardName", "boardNumber", "onderwijsnet", "scholengemeenschap"]) expect(s[field], `${s.name} ${field}`).toMatch(/\S/);
      expect(["basis", "secundair", "buitengewoon"]).toContain(s.educationLevel);
    }
    const boards = new Map<string, Set<string>>();
    for (const s of schools) boards.set(s.boardNumber!, (boards.get(s.boardNumber!) ?? new Set()).add(s.boardName!));
    for (const names of boards.values()) expect(names.size).toBe(1);
    expect(boards.size).toBeLessThan(schools.length / 3);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM "Organisation" s WHERE s."kind" = 'school' AND NOT EXISTS (SELECT 1 FROM "ServiceSchool" l JOIN "Organisation" c ON c."id" = l."serviceId" AND c."kind" = 'clb' WHERE l."schoolId" = s."id" AND c."instellingsnummer" = s."clbInstellingsnummer" AND c."name" = s."clbName")`,
      ),
    ).toBe(0);
  });
});

describe("the bench dataset's agreements", () => {
  it("names contact people of the party's own organisation, for every party that has members", () => {
    expect(count(`SELECT COUNT(*) AS n FROM "AgreementContact"`)).toBeGreaterThan(0);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM "AgreementContact" c JOIN "AgreementParty" p ON p."id" = c."partyId" WHERE c."agreementId" <> p."agreementId" OR NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = c."userId" AND m."organisationId" = p."organisationId")`,
      ),
    ).toBe(0);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM "AgreementParty" p WHERE EXISTS (SELECT 1 FROM "Membership" m WHERE m."organisationId" = p."organisationId") AND NOT EXISTS (SELECT 1 FROM "AgreementContact" c WHERE c."partyId" = p."id")`,
      ),
    ).toBe(0);
    // A welfare partner has nobody in Akkoord: no contact (the fallback the dashboard flags).
    expect(count(`SELECT COUNT(*) AS n FROM "AgreementParty" p WHERE p."partyRole" = 'welzijnspartner' AND NOT EXISTS (SELECT 1 FROM "AgreementContact" c WHERE c."partyId" = p."id")`)).toBeGreaterThan(0);
    // Named R and A bearers, members of the bearing party; never on C, I or S.
    expect(count(`SELECT COUNT(*) AS n FROM "CommitmentRole" WHERE "userId" IS NOT NULL`)).toBeGreaterThan(0);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM "CommitmentRole" r JOIN "AgreementParty" p ON p."id" = r."partyId" WHERE r."userId" IS NOT NULL AND (r."rasci" NOT IN ('R', 'A') OR NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = r."userId" AND m."organisationId" = p."organisationId"))`,
      ),
    ).toBe(0);
  });

  it("has invited parties and proposed signatories only in concepts, and some signatories for the board", () => {
    const states = rows<{ status: string; party: string; signatory: string }>(
      `SELECT a."status", p."status" AS party, s."status" AS signatory FROM "Signatory" s JOIN "AgreementParty" p ON p."id" = s."partyId" JOIN "Agreement" a ON a."id" = s."agreementId"`,
    );
    expect(new Set(states.map((s) => s.party))).toEqual(new Set(["aanvaard", "uitgenodigd"]));
    expect(new Set(states.map((s) => s.signatory))).toEqual(new Set(["bevestigd", "voorgesteld"]));
    for (const s of states) {
      if (s.party === "uitgenodigd" || s.signatory === "voorgesteld") expect(s.status).toBe("concept");
      if (s.party === "uitgenodigd") expect(s.signatory).toBe("voorgesteld");
    }
    expect(count(`SELECT COUNT(*) AS n FROM "Signatory" s JOIN "AgreementParty" p ON p."id" = s."partyId" WHERE s."onBehalfOf" IS NOT NULL AND p."partyRole" = 'school' AND s."mandate" IS NOT NULL`)).toBeGreaterThan(0);
  });

  it("signs the samenwerkingsovereenkomst in groups (the city last); a later group waits, uninvited, while an earlier one has not signed", () => {
    const orders = rows<{ documentType: string; signingOrder: string }>(`SELECT DISTINCT "documentType", "signingOrder" FROM "Agreement"`);
    expect(orders.filter((o) => o.documentType === "samenwerkingsovereenkomst").map((o) => o.signingOrder)).toEqual(["groepen"]);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM "Signatory" s JOIN "AgreementParty" p ON p."id" = s."partyId" JOIN "Agreement" a ON a."id" = s."agreementId" WHERE a."signingOrder" = 'groepen' AND s."position" <> CASE p."partyRole" WHEN 'lokaal_bestuur' THEN 2 ELSE 1 END`,
      ),
    ).toBe(0);
    const requests = rows<{ status: string; invitedAt: string | null; earlierOpen: number }>(
      `SELECT r."status", r."invitedAt", (SELECT COUNT(*) FROM "Signatory" o WHERE o."agreementId" = s."agreementId" AND o."position" < s."position" AND NOT EXISTS (SELECT 1 FROM "Signature" g WHERE g."signatoryId" = o."id" AND g."versionId" = r."versionId" AND g."outcome" = 'signed')) AS earlierOpen
       FROM "SigningRequest" r JOIN "Signatory" s ON s."id" = r."signatoryId" JOIN "Agreement" a ON a."id" = s."agreementId" WHERE a."status" = 'ter_ondertekening' AND a."signingOrder" <> 'parallel'`,
    );
    expect(requests.some((r) => r.status === "wachtend")).toBe(true);
    for (const r of requests) {
      expect(r.status === "wachtend").toBe(r.earlierOpen > 0);
      if (r.status === "wachtend") expect(r.invitedAt).toBeNull();
    }
  });
});

describe("the app on the bench dataset", () => {
  it("shows the big service's coordinator all its schools, and the big CLB all of its", async () => {
    const service = await loadDashboardPage({ user: await sessionUserById(info.bigCoordinator.userId), params: new URLSearchParams(), now: NOW });
    expect(service.dashboard?.kind).toBe("dienst");
    expect(service.dashboard?.kind === "dienst" && service.dashboard.data.schools.total).toBe(scale.bigServiceSchools);
    const clb = await loadDashboardPage({ user: await sessionUserById(info.bigClbUserId), params: new URLSearchParams(), now: NOW });
    expect(clb.dashboard?.kind).toBe("clb");
    expect(clb.dashboard?.kind === "clb" && clb.dashboard.data.schools.total).toBe(scale.bigClbSchools);
  });

  it("finds the same reminders due as the bench's raw sweep query (signing groups and named people included)", async () => {
    for (const date of ["2026-12-07", "2026-12-08"]) {
      const at = brusselsWallTime(date, 7, 30);
      const app = dueItems(await loadDueFacts(db, at), at).map((i) => i.idempotencyKey).sort();
      const raw = [...rawDueKeys(sqlite, at)].sort();
      expect(app.length).toBeGreaterThan(0);
      expect(app).toEqual(raw);
    }
  });
});
