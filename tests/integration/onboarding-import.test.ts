import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "~/domain/onboarding/csv-input";
import { parseSchoolsCsv } from "~/domain/onboarding/schools-csv";
import * as importRoute from "~/routes/scholen.importeren";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";

async function coordinator() {
  const service = await createOrganisation("brugfiguren");
  const user = await createUser([{ organisationId: service.id, role: "coordinator" }]);
  return { service, user };
}

type Preview = {
  ok: boolean;
  importable?: boolean;
  errorCount?: number;
  rows?: Array<{ rowNumber: number; errors: string[]; values: Record<string, string> }>;
  message?: string;
};

async function submit(userId: string, form: Record<string, string>) {
  return callRoute(importRoute.action, await signedInRequest(userId, "/scholen/importeren", { form }));
}

/** A multipart upload, like the browser sends the file field. */
async function upload(userId: string, bytes: Uint8Array, intent = "preview") {
  const signed = await signedInRequest(userId, "/scholen/importeren");
  const body = new FormData();
  body.set("intent", intent);
  body.set("bestand", new File([bytes.slice().buffer as ArrayBuffer], "scholen.csv", { type: "text/csv" }));
  const request = new Request(signed.url, { method: "POST", headers: { Cookie: signed.headers.get("Cookie")! }, body });
  return callRoute(importRoute.action, request);
}

// What Excel (nl-BE) writes with "CSV UTF-8": BOM, semicolons, CRLF, quotes
// around fields holding ; or a line break, header names as typed by a person.
const EXCEL_CSV =
  "\uFEFFInstellingsnummer;Naam;Straat;Postcode;Gemeente\r\n" +
  '140011;"Basisschool Sint-Jan; afdeling Centrum";Kerkstraat 1;9100;Sint-Niklaas\r\n' +
  '140029;"GBS De Linde\r\n(wijkschool)";"Lindenlaan 4, bus 2";9111;Belsele\r\n' +
  "140037;Atheneum Zuid;;;\r\n" +
  ";;;;\r\n";

describe("CSV of schools", () => {
  it("reads Excel nl-BE: BOM, semicolons, quoted fields with ; and line breaks, empty rows", () => {
    const parsed = parseSchoolsCsv(EXCEL_CSV);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map((r) => r.errors)).toEqual([[], [], []]);
    expect(parsed.rows.map((r) => r.school)).toEqual([
      { instellingsnummer: "140011", name: "Basisschool Sint-Jan; afdeling Centrum", street: "Kerkstraat 1", postalCode: "9100", municipality: "Sint-Niklaas" },
      { instellingsnummer: "140029", name: "GBS De Linde (wijkschool)", street: "Lindenlaan 4, bus 2", postalCode: "9111", municipality: "Belsele" },
      { instellingsnummer: "140037", name: "Atheneum Zuid", street: undefined, postalCode: undefined, municipality: undefined },
    ]);
    expect(parsed.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
  });

  it("reads comma CSV and header names in any case", () => {
    const parsed = parseSchoolsCsv('NAAM,INSTELLINGSNUMMER,Gemeente\n"Sint-Jozef, Lokeren",140045,Lokeren\n');
    expect(parsed.ok && parsed.rows[0]!.school).toEqual({
      instellingsnummer: "140045",
      name: "Sint-Jozef, Lokeren",
      municipality: "Lokeren",
      street: undefined,
      postalCode: undefined,
    });
  });

  it("decodes Windows-1252 (Excel's older 'CSV') as well as UTF-8", () => {
    const latin1 = Uint8Array.from([
      ...Buffer.from("naam;instellingsnummer\n", "latin1"),
      ...Buffer.from("Basisschool Sint-Andr\xe9 Co\xf6p;140053\n", "latin1"),
    ]);
    expect(decodeCsvBytes(latin1)).toContain("Sint-André Coöp");
    expect(decodeCsvBytes(new TextEncoder().encode("\uFEFFnaam;x\nCoöp;1"))).toBe("naam;x\nCoöp;1");
  });

  it("a missing column or an unreadable file is one clear message", () => {
    expect(parseSchoolsCsv("naam;straat\nA;B")).toMatchObject({ ok: false, message: expect.stringContaining("instellingsnummer") });
    expect(parseSchoolsCsv('instellingsnummer;naam\n140061;"nooit gesloten')).toMatchObject({
      ok: false,
      message: expect.stringContaining("aanhalingstekens"),
    });
    expect(parseSchoolsCsv("")).toMatchObject({ ok: false });
  });
});

describe("importing schools (route /scholen/importeren)", () => {
  it("preview, then 'Importeren' adds every school in one go and links them to the service", async () => {
    const { service, user } = await coordinator();
    const preview = await submit(user.id, { intent: "preview", csv: EXCEL_CSV });
    expect(preview.status).toBe(200);
    const data = preview.data as { preview: Preview; csv: string };
    expect(data.preview).toMatchObject({ ok: true, importable: true, errorCount: 0 });
    expect(await db.organisation.count({ where: { instellingsnummer: { in: ["140011", "140029", "140037"] } } })).toBe(0);

    const imported = await submit(user.id, { intent: "import", csv: data.csv });
    expect(imported.status).toBe(302);
    expect(imported.location).toBe("/scholen?geimporteerd=3");
    const schools = await db.organisation.findMany({ where: { instellingsnummer: { in: ["140011", "140029", "140037"] } } });
    expect(schools.map((s) => s.name).sort()).toEqual(["Atheneum Zuid", "Basisschool Sint-Jan; afdeling Centrum", "GBS De Linde (wijkschool)"]);
    const events = await db.auditEvent.count({ where: { action: "school.onboarded", data: { contains: `"serviceId":"${service.id}"` } } });
    expect(events).toBe(3);
  });

  it("an uploaded file (multipart, Windows-1252) works the same", async () => {
    const { user } = await coordinator();
    const bytes = Uint8Array.from(Buffer.from("instellingsnummer;naam;gemeente\r\n140088;Basisschool Sint-Andr\xe9;Temse\r\n", "latin1"));
    const result = await upload(user.id, bytes);
    expect(result.status).toBe(200);
    expect((result.data as { preview: Preview }).preview.rows![0]!.values.name).toBe("Basisschool Sint-André");
  });

  it("bad rows: errors per row, and 'Importeren' imports nothing at all", async () => {
    const { user } = await coordinator();
    await db.organisation.create({ data: { kind: "school", name: "Bestaande School", instellingsnummer: "140100", municipality: "Temse" } });
    const csv = [
      "instellingsnummer;naam;straat;postcode;gemeente",
      "140118;Goede School;Dorp 1;9100;Sint-Niklaas",
      "12;Te kort nummer;;;",
      "140126;;;;",
      "140118;Dubbel in het bestand;;;",
      "140100;Al in Akkoord;;;",
      "140134;Foute postcode;Dorp 2;91;Temse",
      "140142;Te veel kolommen;a;9100;Temse;extra",
    ].join("\n");
    const preview = await submit(user.id, { intent: "preview", csv });
    const p = (preview.data as { preview: Preview }).preview;
    expect(p).toMatchObject({ ok: true, importable: false, errorCount: 6 });
    const errors = Object.fromEntries(p.rows!.map((r) => [r.rowNumber, r.errors.join(" ")]));
    expect(errors[2]).toBe("");
    expect(errors[3]).toContain("5 of 6 cijfers");
    expect(errors[4]).toContain("naam");
    expect(errors[5]).toContain("rij 2");
    expect(errors[6]).toContain("Bestaande School");
    expect(errors[7]).toContain("postcode");
    expect(errors[8]).toContain("meer kolommen");

    const before = await db.organisation.count();
    const imported = await submit(user.id, { intent: "import", csv });
    expect(imported.status).toBe(409);
    expect((imported.data as { message: string }).message).toContain("niets geïmporteerd");
    expect(await db.organisation.count()).toBe(before);
    expect(await db.organisation.findUnique({ where: { instellingsnummer: "140118" } })).toBeNull();
  });

  it("a school added between preview and import: nothing is imported", async () => {
    const { user } = await coordinator();
    const csv = "instellingsnummer;naam\n140150;Eerste\n140169;Tweede\n";
    const preview = await submit(user.id, { intent: "preview", csv });
    expect((preview.data as { preview: Preview }).preview.importable).toBe(true);
    await db.organisation.create({ data: { kind: "school", name: "Intussen toegevoegd", instellingsnummer: "140169" } });
    const imported = await submit(user.id, { intent: "import", csv });
    expect(imported.status).toBe(409);
    expect(await db.organisation.findUnique({ where: { instellingsnummer: "140150" } })).toBeNull();
  });

  it("no file and no text: 400 with a Dutch message; someone without the permission: 403", async () => {
    const { user } = await coordinator();
    const empty = await submit(user.id, { intent: "preview", csv: "  " });
    expect(empty.status).toBe(400);
    expect((empty.data as { message: string }).message).toContain("CSV-bestand");
    const clb = await createOrganisation("clb");
    const clbUser = await createUser([{ organisationId: clb.id, role: "clb_directeur" }]);
    expect((await submit(clbUser.id, { intent: "import", csv: "instellingsnummer;naam\n140177;X" })).status).toBe(403);
    expect(await db.organisation.findUnique({ where: { instellingsnummer: "140177" } })).toBeNull();
  });
});
