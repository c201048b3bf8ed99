import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { safeCell, toCsv } from "~/domain/exports/csv";
import * as agreementsExport from "~/routes/export.overeenkomsten[.]csv";
import * as commitmentsExport from "~/routes/export.afspraken[.]csv";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";

async function setup() {
  const clb = await createOrganisation("clb", "Vrij CLB Eigen");
  const ownSchool = await db.organisation.create({
    data: { kind: "school", name: "Basisschool Één; Twee", instellingsnummer: String(150000 + Math.floor(Math.random() * 9999)), municipality: "Sint-Niklaas" },
  });
  const foreignSchool = await createOrganisation("school", "Geheime School Elders");
  const foreignClb = await createOrganisation("clb", "Ander CLB");
  const user = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  const own = await db.agreement.create({
    data: {
      documentType: "afsprakennota",
      title: "Afsprakennota met “aanhalingstekens”",
      schoolYear: "2026-2027",
      status: "ondertekend",
      parties: {
        create: [
          { organisationId: ownSchool.id, partyRole: "school", position: 0 },
          { organisationId: clb.id, partyRole: "clb", position: 1 },
        ],
      },
    },
    include: { parties: true },
  });
  const foreign = await db.agreement.create({
    data: {
      documentType: "afsprakennota",
      title: "Geheime afsprakennota",
      schoolYear: "2026-2027",
      status: "ondertekend",
      parties: {
        create: [
          { organisationId: foreignSchool.id, partyRole: "school", position: 0 },
          { organisationId: foreignClb.id, partyRole: "clb", position: 1 },
        ],
      },
    },
    include: { parties: true },
  });
  await db.commitment.createMany({
    data: [
      { agreementId: own.id, what: '=HYPERLINK("http://kwaad.example")', status: "lopend", dueDate: "2027-01-15", bearerPartyId: own.parties[0]!.id },
      { agreementId: own.id, what: "Het CLB koppelt terug;\nelk trimester", status: "gepland", cadence: "per-trimester", bearerPartyId: own.parties[1]!.id },
      { agreementId: foreign.id, what: "Geheime afspraak", status: "lopend", bearerPartyId: foreign.parties[0]!.id },
    ],
  });
  return { user, own, foreign };
}

async function download(route: typeof agreementsExport, userId: string, url: string) {
  const response = (await route.loader({ request: await signedInRequest(userId, url), params: {}, context: {} })) as Response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

describe("CSV exports", () => {
  it("agreement status: BOM, ';', a header row, only the user's organisations", async () => {
    const { user } = await setup();
    const { response, bytes, text } = await download(agreementsExport, user.id, "/export/overeenkomsten.csv?schooljaar=2026-2027");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="overeenkomsten-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toContain("\r\n");
    const rows = parse(text.slice(1), { delimiter: ";" }) as string[][];
    expect(rows[0]!.slice(0, 5)).toEqual(["Overeenkomst", "Soort", "Schooljaar", "Aantal schooljaren", "Status"]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain("Afsprakennota met “aanhalingstekens”");
    expect(rows[1]).toContain("Basisschool Één; Twee");
    expect(rows[1]).toContain("Ondertekend");
    expect(text).not.toContain("Geheime");
  });

  it("commitments: only the user's, formulas neutralised, line breaks kept inside quotes", async () => {
    const { user } = await setup();
    const { text } = await download(commitmentsExport, user.id, "/export/afspraken.csv");
    expect(text).not.toContain("Geheime");
    const rows = parse(text.slice(1), { delimiter: ";" }) as string[][];
    expect(rows).toHaveLength(3);
    const whats = rows.slice(1).map((r) => r[4]);
    expect(whats).toContain('\'=HYPERLINK("http://kwaad.example")');
    expect(whats).toContain("Het CLB koppelt terug;\nelk trimester");
    expect(rows.find((r) => r[4]!.startsWith("'="))![7]).toBe("15/01/2027");
  });

  it("another school year filters out; someone without organisation gets 403", async () => {
    const { user } = await setup();
    const { text } = await download(agreementsExport, user.id, "/export/overeenkomsten.csv?schooljaar=2020-2021");
    expect((parse(text.slice(1), { delimiter: ";" }) as string[][]).length).toBe(1);
    const lonely = await db.user.create({ data: { email: `los-${Date.now()}@test.example`, name: "Los", passwordHash: "x" } });
    const thrown = await agreementsExport
      .loader({ request: await signedInRequest(lonely.id, "/export/overeenkomsten.csv"), params: {}, context: {} })
      .catch((e: unknown) => e);
    expect((thrown as { init?: { status?: number } }).init?.status).toBe(403);
  });

  it("safeCell and toCsv", () => {
    expect(safeCell("+32 3 000")).toBe("'+32 3 000");
    expect(safeCell("@som")).toBe("'@som");
    expect(safeCell(2.5)).toBe("2,5");
    expect(toCsv([{ a: "x;y" }], [{ header: "A", value: (r) => r.a }])).toBe('\uFEFFA\r\n"x;y"\r\n');
  });
});
