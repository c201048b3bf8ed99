// The service_school migration: links come from the onboarding and intake
// audit events, and the one shared intake goes to one service only.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

const MIGRATIONS = path.resolve("prisma", "migrations");
const TARGET = "20261207090000_service_school";

function databaseBefore(): Database.Database {
  const sqlite = new Database(":memory:");
  for (const dir of readdirSync(MIGRATIONS).filter((d) => /^\d/.test(d)).sort()) {
    if (dir >= TARGET) break;
    sqlite.exec(readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8"));
  }
  return sqlite;
}

describe("migration service_school", () => {
  it("gives each (service, school) from the audit events one link, and the old intake to the service that saved it last", () => {
    const sqlite = databaseBefore();
    const at = (day: number) => `2026-01-0${day}T00:00:00.000+00:00`;
    const org = sqlite.prepare(`INSERT INTO "Organisation" ("id", "kind", "name", "intakeNotes", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`);
    org.run("service-a", "brugfiguren", "A", null, at(1), at(1));
    org.run("service-b", "brugfiguren", "B", null, at(1), at(1));
    org.run("school-1", "school", "School 1", "notes written by B", at(1), at(1));
    org.run("school-2", "school", "School 2", "notes written by A", at(1), at(1));
    org.run("clb", "clb", "CLB", null, at(1), at(1));
    const event = sqlite.prepare(`INSERT INTO "AuditEvent" ("id", "action", "data", "createdAt") VALUES (?, ?, ?, ?)`);
    const data = (serviceId: string, schoolId: string, source?: string) => JSON.stringify({ serviceId, schoolId, source });
    event.run("e1", "school.onboarded", data("service-a", "school-1", "csv"), at(1));
    event.run("e2", "school.onboarded", data("service-b", "school-1", "bestaand"), at(2));
    event.run("e3", "school.intake-saved", data("service-b", "school-1"), at(3));
    event.run("e4", "school.onboarded", data("service-a", "school-2"), at(1));
    event.run("e5", "school.onboarded", data("service-a", "school-2"), at(4));
    event.run("e6", "school.onboarded", data("service-a", "clb"), at(4));
    event.run("e7", "school.onboarded", "geen json", at(4));

    sqlite.exec(readFileSync(path.join(MIGRATIONS, TARGET, "migration.sql"), "utf8"));

    const links = sqlite.prepare(`SELECT "serviceId", "schoolId", "source", "intakeNotes" FROM "ServiceSchool" ORDER BY "schoolId", "serviceId"`).all();
    expect(links).toEqual([
      { serviceId: "service-a", schoolId: "school-1", source: "csv", intakeNotes: null },
      { serviceId: "service-b", schoolId: "school-1", source: "bestaand", intakeNotes: "notes written by B" },
      { serviceId: "service-a", schoolId: "school-2", source: "bestaand", intakeNotes: "notes written by A" },
    ]);
    expect(sqlite.prepare(`SELECT COUNT(*) AS "n" FROM "Organisation" WHERE "intakeNotes" IS NOT NULL`).get()).toEqual({ n: 0 });
    sqlite.close();
  });
});
