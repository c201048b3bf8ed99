import { describe, expect, it } from "vitest";
import { lookupInstitution, onderwijsApiConfig } from "~/domain/onboarding/onderwijs-api.server";
import * as newSchoolRoute from "~/routes/scholen.nieuw";
import { db } from "~/utils/db.server";
import { parseEnv } from "~/utils/env.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import {
  delayNextLookup,
  failNextLookup,
  FIXTURES_DIR,
  malformedNextLookup,
  MALFORMED_NUMMER,
  networkErrorNextLookup,
  ONDERWIJS_API_BASE_URL,
  ONDERWIJS_API_KEY,
  requestsSeen,
  useOnderwijsApi,
} from "../mocks/onderwijs-vlaanderen";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

useOnderwijsApi();
const http = { mode: "http", baseUrl: ONDERWIJS_API_BASE_URL, apiKey: ONDERWIJS_API_KEY } as const;

describe("Onderwijs Vlaanderen lookup", () => {
  it("found: name and address from the answer, with the API key sent", async () => {
    const result = await lookupInstitution("128023", { config: http });
    expect(result).toEqual({
      status: "found",
      institution: {
        instellingsnummer: "128023",
        name: "Gemeentelijke Basisschool De Boomhut",
        street: "Heidebloemstraat 17 bus 2",
        postalCode: "9190",
        municipality: "Stekene",
        // An answer without bestuur and scholengemeenschap: the rest is still read.
        educationLevel: "basis",
        onderwijsnet: "officieel gesubsidieerd onderwijs",
        clbInstellingsnummer: "104579",
        clbName: "CLB GO! Waasrand",
      },
    });
    expect(requestsSeen).toEqual([{ nummer: "128023", apiKey: ONDERWIJS_API_KEY }]);
  });

  it("the board, net, level, scholengemeenschap and CLB from the answer", async () => {
    const basis = await lookupInstitution("128015", { config: http });
    expect(basis.status === "found" && basis.institution).toMatchObject({
      boardName: "vzw Katholiek Onderwijs Waasland",
      boardNumber: "1234",
      educationLevel: "basis",
      onderwijsnet: "vrij gesubsidieerd onderwijs",
      scholengemeenschap: "Scholengemeenschap Sint-Niklaas Basis",
      clbInstellingsnummer: "104561",
      clbName: "Vrij CLB Reynaertland",
    });
    const secundair = await lookupInstitution("136019", { config: http });
    expect(secundair.status === "found" && secundair.institution).toMatchObject({
      boardName: "vzw Waasland-College",
      boardNumber: "0412.345.678",
      educationLevel: "secundair",
      scholengemeenschap: "Scholengemeenschap Waasland Secundair",
    });
    const buitengewoon = await lookupInstitution("27456", { config: http });
    expect(buitengewoon.status === "found" && buitengewoon.institution).toMatchObject({ educationLevel: "buitengewoon", boardName: "GO! Scholengroep Waasland" });
  });

  it("too long or odd optional values are dropped; the school is still found", async () => {
    const answer = {
      instellingsnummer: "128015",
      naam: "Vrije Basisschool Sint-Jozef",
      adres: { straat: "Kleine Laan", huisnummer: "4", postcode: "9100", gemeente: "Sint-Niklaas" },
      bestuur: { instellingsnummer: "12<script>", naam: "x".repeat(201) },
      net: ["vrij"],
      onderwijsniveau: "hoger onderwijs",
      scholengemeenschap: { naam: "y".repeat(500) },
      clb: { instellingsnummer: "abc", naam: "CLB" },
    };
    const fetchImpl = (async () => Response.json(answer)) as typeof fetch;
    const result = await lookupInstitution("128015", { config: http, fetchImpl });
    expect(result).toEqual({
      status: "found",
      institution: { instellingsnummer: "128015", name: "Vrije Basisschool Sint-Jozef", street: "Kleine Laan 4", postalCode: "9100", municipality: "Sint-Niklaas" },
    });
    // A good board name with an odd number keeps the name only.
    const named = await lookupInstitution("128015", {
      config: http,
      fetchImpl: (async () => Response.json({ ...answer, bestuur: { nummer: "<b>", naam: "  vzw   Scholen  Zuid " } })) as typeof fetch,
    });
    expect(named.status === "found" && named.institution.boardName).toBe("vzw Scholen Zuid");
    expect(named.status === "found" && named.institution.boardNumber).toBeUndefined();
  });

  it("not found (404)", async () => {
    expect(await lookupInstitution("999999", { config: http })).toEqual({ status: "not-found" });
  });

  it("API down: 5xx, network error and timeout are 'unavailable'", async () => {
    failNextLookup(503);
    expect(await lookupInstitution("128015", { config: http })).toEqual({ status: "unavailable", reason: "server-error" });
    networkErrorNextLookup();
    expect(await lookupInstitution("128015", { config: http })).toEqual({ status: "unavailable", reason: "network" });
    delayNextLookup(500);
    expect(await lookupInstitution("128015", { config: http, timeoutMs: 50 })).toEqual({ status: "unavailable", reason: "timeout" });
  });

  it("malformed answers: HTML, missing fields, or another school's number", async () => {
    malformedNextLookup();
    expect(await lookupInstitution("128015", { config: http })).toEqual({ status: "unavailable", reason: "malformed" });
    expect(await lookupInstitution(MALFORMED_NUMMER, { config: http })).toEqual({ status: "unavailable", reason: "malformed" });
  });

  it("a refused API key is 'unavailable', not 'not found'", async () => {
    const result = await lookupInstitution("128015", { config: { ...http, apiKey: "verkeerd" } });
    expect(result).toEqual({ status: "unavailable", reason: "unauthorized" });
  });

  it("configuration from the environment module; a wrong one stops the start", () => {
    expect(onderwijsApiConfig(parseEnv({}))).toEqual({ mode: "off" });
    expect(onderwijsApiConfig(parseEnv({ ONDERWIJS_API_URL: "https://x.test/", ONDERWIJS_API_KEY: "k" }))).toEqual({
      mode: "http",
      baseUrl: "https://x.test",
      apiKey: "k",
    });
    expect(() => parseEnv({ ONDERWIJS_API_URL: "https://x.test" })).toThrow("Ongeldige instelling ONDERWIJS_API_KEY: ontbreekt");
    expect(() => parseEnv({ ONDERWIJS_API_URL: "ftp://x.test", ONDERWIJS_API_KEY: "k" })).toThrow("Ongeldige instelling ONDERWIJS_API_URL:");
    expect(onderwijsApiConfig(parseEnv({ ONDERWIJS_API_URL: "fixtures" }))).toMatchObject({ mode: "fixtures" });
  });

  it("fixtures mode answers from the recorded samples without network", async () => {
    const config = { mode: "fixtures", dir: FIXTURES_DIR } as const;
    expect(await lookupInstitution("27456", { config })).toMatchObject({
      status: "found",
      institution: { name: "Buitengewone Basisschool De Vlinder", postalCode: "9140" },
    });
    expect(await lookupInstitution("123456", { config })).toEqual({ status: "not-found" });
    expect(requestsSeen).toHaveLength(0);
  });

  it("without configuration the lookup is unavailable", async () => {
    expect(await lookupInstitution("128015", { config: { mode: "off" } })).toEqual({ status: "unavailable", reason: "not-configured" });
  });
});

describe("adding a school (route /scholen/nieuw)", () => {
  async function coordinator() {
    const service = await createOrganisation("brugfiguren");
    const user = await createUser([{ organisationId: service.id, role: "coordinator" }]);
    return { service, user };
  }
  const post = async (userId: string, form: Record<string, string>) =>
    callRoute(newSchoolRoute.action, await signedInRequest(userId, "/scholen/nieuw", { form }));

  it("lookup fills in name and address; saving adds the school and links it to the service", async () => {
    const { service, user } = await coordinator();
    const looked = await post(user.id, { intent: "lookup", instellingsnummer: " 128 015 " });
    expect(looked.status).toBe(200);
    expect(looked.data).toMatchObject({
      step: "details",
      source: "opzoeking",
      values: { instellingsnummer: "128015", name: "Vrije Basisschool Sint-Jozef", street: "Kleine Laan 4", postalCode: "9100", municipality: "Sint-Niklaas" },
    });
    const saved = await post(user.id, {
      intent: "save",
      source: "opzoeking",
      instellingsnummer: "128015",
      name: "Vrije Basisschool Sint-Jozef",
      street: "Kleine Laan 4",
      postalCode: "9100",
      municipality: "Sint-Niklaas",
    });
    expect(saved.status).toBe(302);
    const school = await db.organisation.findUniqueOrThrow({ where: { instellingsnummer: "128015" } });
    expect(saved.location).toBe(`/scholen/${school.id}?nieuw=1`);
    expect(school).toMatchObject({ kind: "school", name: "Vrije Basisschool Sint-Jozef", municipality: "Sint-Niklaas" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "school.onboarded", data: { contains: school.id } } });
    expect(JSON.parse(event.data!)).toMatchObject({ serviceId: service.id, schoolId: school.id, source: "opzoeking" });
  });

  it("not found: a Dutch message next to the number (404)", async () => {
    const { user } = await coordinator();
    const result = await post(user.id, { intent: "lookup", instellingsnummer: "654321" });
    expect(result.status).toBe(404);
    expect(result.data).toMatchObject({ step: "lookup", errors: { instellingsnummer: expect.stringContaining("kent geen instelling") } });
  });

  it("API down: the form opens for manual entry with a Dutch note", async () => {
    const { user } = await coordinator();
    failNextLookup(500);
    const result = await post(user.id, { intent: "lookup", instellingsnummer: "136019" });
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({
      step: "details",
      source: "manueel",
      note: expect.stringContaining("zelf in"),
      values: { instellingsnummer: "136019", name: "" },
    });
  });

  it("without configuration: manual entry too, saying the lookup is not configured (not that it is down)", async () => {
    const { user } = await coordinator();
    setTestEnv({ ONDERWIJS_API_URL: undefined });
    const result = await post(user.id, { intent: "lookup", instellingsnummer: "136019" });
    expect(result.data).toMatchObject({ step: "details", source: "manueel", note: expect.stringContaining("niet ingesteld") });
    expect(JSON.stringify(result.data)).not.toContain("nu niet opvragen");
    expect(requestsSeen).toHaveLength(0);
  });

  it("the page offers 'Opzoeken' only when the lookup is configured", async () => {
    const { user } = await coordinator();
    const configured = await callRoute(newSchoolRoute.loader, await signedInRequest(user.id, "/scholen/nieuw"));
    expect(configured.data).toMatchObject({ lookupConfigured: true, notConfiguredNote: null });
    setTestEnv({ ONDERWIJS_API_URL: undefined });
    const off = await callRoute(newSchoolRoute.loader, await signedInRequest(user.id, "/scholen/nieuw"));
    expect(off.data).toMatchObject({ lookupConfigured: false, notConfiguredNote: expect.stringContaining("niet ingesteld") });
  });

  it("bad numbers: 400 with a Dutch message, no lookup", async () => {
    const { user } = await coordinator();
    for (const bad of ["1234", "1234567", "12a456", ""]) {
      const result = await post(user.id, { intent: "lookup", instellingsnummer: bad });
      expect(result.status).toBe(400);
      expect((result.data as { errors: Record<string, string> }).errors.instellingsnummer).toMatch(/instellingsnummer/i);
    }
    expect(requestsSeen).toHaveLength(0);
  });

  it("a duplicate number names the existing school (409), also on save, and nothing is written", async () => {
    const { user } = await coordinator();
    await db.organisation.create({ data: { kind: "school", name: "GBS Het Anker", instellingsnummer: "128999", municipality: "Temse" } });
    const looked = await post(user.id, { intent: "lookup", instellingsnummer: "128999" });
    expect(looked.status).toBe(409);
    expect(looked.data).toMatchObject({ step: "duplicate", existing: { name: "GBS Het Anker" }, linkable: true });
    const before = await db.organisation.count();
    const saved = await post(user.id, { intent: "save", instellingsnummer: "128999", name: "Dubbel" });
    expect(saved.status).toBe(409);
    expect(await db.organisation.count()).toBe(before);
  });

  it("an existing school that isn't one of the service's yet can be added to its schools", async () => {
    const { service, user } = await coordinator();
    const existing = await db.organisation.create({ data: { kind: "school", name: "GBS De Bron", instellingsnummer: "128777", municipality: "Temse" } });
    const looked = await post(user.id, { intent: "lookup", instellingsnummer: "128777" });
    expect(looked.data).toMatchObject({ step: "duplicate", linked: false, linkable: true });
    const linked = await post(user.id, { intent: "link", schoolId: existing.id });
    expect(linked.status).toBe(302);
    expect(linked.location).toBe(`/scholen/${existing.id}`);
    expect(await db.auditEvent.count({ where: { action: "school.onboarded", data: { contains: `"serviceId":"${service.id}"` } } })).toBe(1);
    const again = await post(user.id, { intent: "lookup", instellingsnummer: "128777" });
    expect(again.data).toMatchObject({ step: "duplicate", linked: true, linkable: false });
  });

  it("saving with bad fields: 400 per field, nothing written", async () => {
    const { user } = await coordinator();
    const before = await db.organisation.count();
    const result = await post(user.id, { intent: "save", instellingsnummer: "128555", name: "", postalCode: "91000" });
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ errors: { name: expect.any(String), postalCode: expect.stringContaining("4 cijfers") } });
    expect(await db.organisation.count()).toBe(before);
  });

  it("only a coordinator may onboard schools (403)", async () => {
    const school = await createOrganisation("school");
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    expect((await callRoute(newSchoolRoute.loader, await signedInRequest(directie.id, "/scholen/nieuw"))).status).toBe(403);
    expect((await post(directie.id, { intent: "lookup", instellingsnummer: "128015" })).status).toBe(403);
  });
});
