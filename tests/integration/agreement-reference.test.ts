// Every agreement gets a short human reference ("AN-2026-0042"): a prefix per
// document type, the first year of its school year, a sequence per prefix and
// year. Handed out in the creating transaction (new, renewal; bulk creation and
// the demo go through createAgreement), unique in the database, and the
// migration numbers existing agreements by creation date.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { formatReference, referencePrefix } from "~/domain/agreements/reference";
import { renewAgreement } from "~/domain/renewal/renew-agreement.server";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser } from "../factories";
import { createSignedAgreement, sessionUserFor } from "../factories/drafts";

const audit = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const NOW = new Date("2026-11-22T13:05:00Z");

/** "AN-2026-0042" → ["AN", 2026, 42] */
function parts(reference: string | null): [string, number, number] {
  const match = /^([A-Z]{2})-(\d{4})-(\d{4,})$/.exec(reference ?? "");
  expect(match, `a reference like AN-2026-0042, got ${reference}`).not.toBeNull();
  return [match![1]!, Number(match![2]), Number(match![3])];
}

async function clbDrafter() {
  const clb = await createOrganisation("clb");
  const user = await sessionUserFor((await createUser([{ organisationId: clb.id, role: "clb_medewerker" }])).id);
  return { clb, user };
}

describe("agreement references", () => {
  it("formats the prefix per document type, the first year and four digits", () => {
    expect(["afsprakennota", "engagementsverklaring-brugfiguren", "samenwerkingsovereenkomst", "engagementsverklaring-ouders"].map(referencePrefix)).toEqual([
      "AN",
      "EV",
      "SO",
      "EO",
    ]);
    expect(formatReference("AN", 2026, 42)).toBe("AN-2026-0042");
  });

  it("a new agreement gets the next number of its prefix and year; another year starts its own sequence", async () => {
    const { clb, user } = await clbDrafter();
    const create = async (schoolYear: string) =>
      createAgreement({
        user,
        input: { documentType: "afsprakennota", schoolYear, ownOrganisationId: clb.id, counterpartOrganisationId: (await createOrganisation("school")).id },
        audit,
      });
    const first = parts((await create("2026-2027")).reference);
    const second = parts((await create("2026-2027")).reference);
    const other = parts((await create("2031-2032")).reference);
    expect(first.slice(0, 2)).toEqual(["AN", 2026]);
    expect(second).toEqual(["AN", 2026, first[2] + 1]);
    expect(other).toEqual(["AN", 2031, 1]);
  });

  it("agreements created at the same moment never share a reference", async () => {
    const { clb, user } = await clbDrafter();
    const schools = await Promise.all(Array.from({ length: 6 }, () => createOrganisation("school")));
    const created = await Promise.all(
      schools.map((school) =>
        createAgreement({
          user,
          input: { documentType: "afsprakennota", schoolYear: "2030-2031", ownOrganisationId: clb.id, counterpartOrganisationId: school.id },
          audit,
        }),
      ),
    );
    const numbers = created.map((a) => parts(a.reference)[2]).sort((a, b) => a - b);
    const first = numbers[0]!;
    expect(numbers).toEqual([first, first + 1, first + 2, first + 3, first + 4, first + 5]);
  });

  it("the database refuses a second agreement with the same reference", async () => {
    const { clb, user } = await clbDrafter();
    const made = await createAgreement({
      user,
      input: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: (await createOrganisation("school")).id },
      audit,
    });
    await expect(
      db.agreement.create({ data: { documentType: "afsprakennota", title: "Dubbel", schoolYear: "2026-2027", reference: made.reference } }),
    ).rejects.toThrow(/Unique constraint/);
  });

  it("a renewal gets a reference of the next school year", async () => {
    const setup = await createSignedAgreement();
    const renewed = await renewAgreement({ user: setup.user, agreementId: setup.agreementId, audit, now: NOW });
    expect(parts(renewed.reference).slice(0, 2)).toEqual(["AN", 2027]);
    const original = await db.agreement.findUniqueOrThrow({ where: { id: setup.agreementId } });
    expect(renewed.reference).not.toBe(original.reference);
  });
});

describe("migration agreement_reference_and_organisation_logo", () => {
  const MIGRATIONS = path.resolve("prisma", "migrations");
  const TARGET = "20261207111500_agreement_reference_and_organisation_logo";

  it("numbers existing agreements per prefix and year in the order they were created, and the counters follow on", () => {
    const sqlite = new Database(":memory:");
    for (const dir of readdirSync(MIGRATIONS).filter((d) => /^\d/.test(d)).sort()) {
      if (dir >= TARGET) break;
      sqlite.exec(readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8"));
    }
    const insert = sqlite.prepare(`INSERT INTO "Agreement" ("id", "documentType", "title", "schoolYear", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`);
    const at = (day: number) => `2026-01-0${day}T00:00:00.000+00:00`;
    insert.run("z-first", "afsprakennota", "A", "2026-2027", at(1), at(1));
    insert.run("a-second", "afsprakennota", "B", "2026-2027", at(2), at(2));
    insert.run("ouders", "engagementsverklaring-ouders", "C", "2026-2027", at(3), at(3));
    insert.run("older-year", "afsprakennota", "D", "2025-2026", at(4), at(4));

    sqlite.exec(readFileSync(path.join(MIGRATIONS, TARGET, "migration.sql"), "utf8"));

    expect(sqlite.prepare(`SELECT "id", "reference" FROM "Agreement" ORDER BY "createdAt"`).all()).toEqual([
      { id: "z-first", reference: "AN-2026-0001" },
      { id: "a-second", reference: "AN-2026-0002" },
      { id: "ouders", reference: "EO-2026-0001" },
      { id: "older-year", reference: "AN-2025-0001" },
    ]);
    expect(sqlite.prepare(`SELECT "prefix", "year", "lastValue" FROM "AgreementReferenceCounter" ORDER BY "prefix", "year"`).all()).toEqual([
      { prefix: "AN", year: 2025, lastValue: 1 },
      { prefix: "AN", year: 2026, lastValue: 2 },
      { prefix: "EO", year: 2026, lastValue: 1 },
    ]);
    sqlite.close();
  });
});
