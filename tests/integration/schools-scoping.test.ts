// Issue 12, points 2 and 4: a brugfiguren service's intake of a school is its
// own, a school's name and address are the school's, pick-lists hold only what
// the user may pick, and a service or CLB with 2,000 schools can use the app.
import { randomUUID } from "node:crypto";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseStoredIntake } from "~/domain/onboarding/intake";
import * as startRoute from "~/routes/_index";
import * as newAgreementRoute from "~/routes/overeenkomsten.nieuw";
import * as overviewRoute from "~/routes/overzicht";
import * as schoolRoute from "~/routes/scholen.$schoolId._index";
import * as intakeRoute from "~/routes/scholen.$schoolId.intake";
import * as schoolsRoute from "~/routes/scholen._index";
import * as newSchoolRoute from "~/routes/scholen.nieuw";
import * as bulkRoute from "~/routes/scholen.versturen._index";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, linkSchool, signedInRequest } from "../factories";
import { ONDERWIJS_API_BASE_URL, ONDERWIJS_API_KEY, onderwijsApiHandlers, resetOnderwijsApi } from "../mocks/onderwijs-vlaanderen";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

const server = setupServer(...onderwijsApiHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
let restoreEnv = () => {};
beforeEach(() => {
  resetOnderwijsApi();
  restoreEnv = setTestEnv({ ONDERWIJS_API_URL: ONDERWIJS_API_BASE_URL, ONDERWIJS_API_KEY });
});
afterEach(() => restoreEnv());
afterAll(() => server.close());

const answers = {
  waarom: "Veel ouders vinden de weg naar de school niet. We willen drempels verlagen.",
  engagementen: ["zichtbaar", "mdo"],
  directieAkkoord: "ja",
};

async function service(name = `Brugfiguren ${randomUUID().slice(0, 6)}`) {
  const org = await createOrganisation("brugfiguren", name);
  const coordinator = await createUser([{ organisationId: org.id, role: "coordinator" }]);
  return { org, coordinator };
}

const get = async (route: { loader?: unknown }, userId: string, url: string, params: Record<string, string> = {}) =>
  callRoute(route.loader as Parameters<typeof callRoute>[0], await signedInRequest(userId, url), params);
const post = async (route: { action?: unknown }, userId: string, url: string, form: Record<string, string | string[]>, params: Record<string, string> = {}) =>
  callRoute(route.action as Parameters<typeof callRoute>[0], await signedInRequest(userId, url, { form }), params);

describe("intake belongs to one (service, school) pair", () => {
  it("a second service that links a known school gets its own empty intake and never reads or changes the first service's", async () => {
    const a = await service();
    const b = await service();
    const school = await createOrganisation("school", "VBS De Knipoog");
    await linkSchool(a.org.id, school.id);
    const savedA = await post(intakeRoute, a.coordinator.id, `/scholen/${school.id}/intake`, answers, { schoolId: school.id });
    expect(savedA.status).toBe(200);

    // Before linking, B can't see the school or its intake at all.
    expect((await get(intakeRoute, b.coordinator.id, `/scholen/${school.id}/intake`, { schoolId: school.id })).status).toBe(404);
    expect((await post(intakeRoute, b.coordinator.id, `/scholen/${school.id}/intake`, answers, { schoolId: school.id })).status).toBe(404);

    const linked = await post(newSchoolRoute, b.coordinator.id, "/scholen/nieuw", { intent: "link", schoolId: school.id });
    expect(linked.status).toBe(302);
    expect(linked.location).toBe(`/scholen/${school.id}`);
    expect(await db.serviceSchool.count({ where: { schoolId: school.id } })).toBe(2);

    const pageB = await get(schoolRoute, b.coordinator.id, `/scholen/${school.id}`, { schoolId: school.id });
    expect(pageB.status).toBe(200);
    expect(pageB.data).toMatchObject({ intake: null, freeText: null });
    expect(JSON.stringify(pageB.data)).not.toContain(answers.waarom);
    const formB = await get(intakeRoute, b.coordinator.id, `/scholen/${school.id}/intake`, { schoolId: school.id });
    expect(formB.data).toMatchObject({ answers: null, freeText: null });
    const listB = await get(schoolsRoute, b.coordinator.id, "/scholen");
    expect(listB.data).toMatchObject({ schools: { items: [{ id: school.id, hasIntake: false }] } });

    // B writes its own intake: A's stays as A wrote it.
    const otherWhy = "Andere reden van de tweede dienst, zonder gegevens van gezinnen.";
    expect((await post(intakeRoute, b.coordinator.id, `/scholen/${school.id}/intake`, { ...answers, waarom: otherWhy }, { schoolId: school.id })).status).toBe(200);
    const pageA = await get(schoolRoute, a.coordinator.id, `/scholen/${school.id}`, { schoolId: school.id });
    expect(pageA.data).toMatchObject({ intake: { antwoorden: { waarom: answers.waarom } } });
    const linkA = await db.serviceSchool.findUniqueOrThrow({ where: { serviceId_schoolId: { serviceId: a.org.id, schoolId: school.id } } });
    expect(parseStoredIntake(linkA.intakeNotes).intake?.antwoorden.waarom).toBe(answers.waarom);
    expect((await db.organisation.findUniqueOrThrow({ where: { id: school.id } })).intakeNotes).toBeNull();
  });

  it("linking twice keeps one link; an id that is no school, or no organisation, is 404 with a Dutch message", async () => {
    const a = await service();
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    const other = await service();
    for (let i = 0; i < 2; i++) expect((await post(newSchoolRoute, a.coordinator.id, "/scholen/nieuw", { intent: "link", schoolId: school.id })).status).toBe(302);
    expect(await db.serviceSchool.count({ where: { serviceId: a.org.id } })).toBe(1);
    for (const schoolId of [clb.id, other.org.id, "bestaat-niet"]) {
      const refused = await post(newSchoolRoute, a.coordinator.id, "/scholen/nieuw", { intent: "link", schoolId });
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.data)).toContain("Deze school bestaat niet.");
    }
    expect(await db.serviceSchool.count({ where: { serviceId: a.org.id } })).toBe(1);
  });
});

describe("a school's name and address", () => {
  it("a coordinator of a service gets 403 and nothing changes; the school's directie may; a stranger gets 404", async () => {
    const a = await service();
    const stranger = await service();
    const school = await createOrganisation("school", "Basisschool Origineel");
    await linkSchool(a.org.id, school.id);
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    const zorg = await createUser([{ organisationId: school.id, role: "zorgcoordinator" }]);
    const form = { intent: "details", name: "Overgenomen door de dienst", municipality: "Elders" };

    const byCoordinator = await post(schoolRoute, a.coordinator.id, `/scholen/${school.id}`, form, { schoolId: school.id });
    expect(byCoordinator.status).toBe(403);
    expect(JSON.stringify(byCoordinator.data)).toContain("Alleen de school zelf kan haar naam en adres aanpassen.");
    expect((await post(schoolRoute, stranger.coordinator.id, `/scholen/${school.id}`, form, { schoolId: school.id })).status).toBe(404);
    expect((await post(schoolRoute, zorg.id, `/scholen/${school.id}`, form, { schoolId: school.id })).status).toBe(403);
    expect(await db.organisation.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({ name: "Basisschool Origineel", municipality: "Sint-Niklaas" });
    expect((await get(schoolRoute, a.coordinator.id, `/scholen/${school.id}`, { schoolId: school.id })).data).toMatchObject({ mayEdit: false });

    const own = await get(schoolRoute, directie.id, `/scholen/${school.id}`, { schoolId: school.id });
    expect(own.data).toMatchObject({ service: null, mayEdit: true, intake: null, school: { name: "Basisschool Origineel" } });
    const byDirectie = await post(schoolRoute, directie.id, `/scholen/${school.id}`, { ...form, name: "Basisschool Nieuw" }, { schoolId: school.id });
    expect(byDirectie.status).toBe(200);
    expect(await db.organisation.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({ name: "Basisschool Nieuw", municipality: "Elders" });
  });

  it("a coordinator may re-read Onderwijs Vlaanderen: the source's name and address are stored", async () => {
    const a = await service();
    const school = await db.organisation.create({ data: { kind: "school", name: "Verkeerd getypt", instellingsnummer: "128023" } });
    await linkSchool(a.org.id, school.id);
    const refreshed = await post(schoolRoute, a.coordinator.id, `/scholen/${school.id}`, { intent: "refresh" }, { schoolId: school.id });
    expect(refreshed.status).toBe(200);
    const after = await db.organisation.findUniqueOrThrow({ where: { id: school.id } });
    // The recorded answer for 128023 (tests/fixtures/onderwijs-vlaanderen/128023.json).
    expect(after).toMatchObject({ name: "Gemeentelijke Basisschool De Boomhut", municipality: "Stekene", postalCode: "9190" });
    expect(await db.auditEvent.count({ where: { action: "school.refreshed", data: { contains: school.id } } })).toBe(1);
  });
});

describe("the pick-list of /overeenkomsten/nieuw", () => {
  it("lists only organisations the user may pick; a foreign id posted by hand is refused (400) and nothing is created", async () => {
    const a = await service();
    const b = await service();
    const mine = await createOrganisation("school", "Mijn school");
    const theirs = await createOrganisation("school", "Hun school");
    await linkSchool(a.org.id, mine.id);
    await linkSchool(b.org.id, theirs.id);
    const clb = await createOrganisation("clb");
    const bestuur = await createOrganisation("lokaal_bestuur");

    const options = async (userId: string) =>
      ((await get(newAgreementRoute, userId, "/overeenkomsten/nieuw")).data as { counterparts: Array<{ id: string }> }).counterparts.map((o) => o.id);
    const create = async (userId: string, documentType: string, ownOrganisationId: string, counterpartOrganisationId: string) =>
      post(newAgreementRoute, userId, "/overeenkomsten/nieuw", { documentType, schoolYear: "2026-2027", ownOrganisationId, counterpartOrganisationId });
    const ids = await options(a.coordinator.id);
    expect(ids).toContain(mine.id);
    expect(ids).toContain(bestuur.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(b.org.id);
    expect(ids).not.toContain(a.org.id);

    // A CLB picks schools (and partners of a samenwerkingsovereenkomst), never another CLB.
    const clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    const otherClb = await createOrganisation("clb");
    const clbIds = await options(clbUser.id);
    expect(clbIds).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(clbIds).not.toContain(otherClb.id);
    expect(clbIds).not.toContain(clb.id);
    // What is in the list still meets the document type's own rule.
    const wrongKind = await create(clbUser.id, "afsprakennota", clb.id, b.org.id);
    expect(wrongKind.status).toBe(400);
    expect(JSON.stringify(wrongKind.data)).toContain("Kies als andere partij een school.");

    const before = await db.agreement.count();
    const refused = await create(a.coordinator.id, "engagementsverklaring-brugfiguren", a.org.id, theirs.id);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("Kies de andere partij uit de lijst.");
    expect(await db.agreement.count()).toBe(before);

    expect((await create(a.coordinator.id, "engagementsverklaring-brugfiguren", a.org.id, mine.id)).status).toBe(302);
  });
});

describe("a service and a CLB with 2,000 schools", () => {
  const COUNT = 2000;

  /** 2,000 schools, each with an engagementsverklaring with the service and an afsprakennota with the CLB; half of them linked by the service. */
  async function bigWorld() {
    const tag = randomUUID().slice(0, 6);
    const { org, coordinator } = await service(`Grote dienst ${tag}`);
    const clb = await createOrganisation("clb", `Groot CLB ${tag}`);
    const clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    const schools = Array.from({ length: COUNT }, (_, i) => ({ id: `big-${tag}-${i}`, kind: "school", name: `School ${tag} ${String(i).padStart(4, "0")}`, municipality: i % 2 ? "Temse" : "Gent" }));
    await db.organisation.createMany({ data: schools });
    const agreements = schools.flatMap((s, i) => [
      { id: `ev-${s.id}`, documentType: "engagementsverklaring-brugfiguren", title: `Engagementsverklaring ${i}`, schoolYear: "2026-2027", status: "concept" },
      { id: `an-${s.id}`, documentType: "afsprakennota", title: `Afsprakennota ${i}`, schoolYear: "2026-2027", status: "concept" },
    ]);
    await db.agreement.createMany({ data: agreements });
    await db.agreementParty.createMany({
      data: schools.flatMap((s) => [
        { agreementId: `ev-${s.id}`, organisationId: s.id, partyRole: "school", position: 0 },
        { agreementId: `ev-${s.id}`, organisationId: org.id, partyRole: "brugfiguren", position: 1 },
        { agreementId: `an-${s.id}`, organisationId: s.id, partyRole: "school", position: 0 },
        { agreementId: `an-${s.id}`, organisationId: clb.id, partyRole: "clb", position: 1 },
      ]),
    });
    await db.serviceSchool.createMany({ data: schools.filter((_, i) => i % 2 === 0).map((s) => ({ serviceId: org.id, schoolId: s.id, source: "csv" })) });
    return { coordinator, clbUser, schools };
  }

  it("/, /overzicht, /scholen, a school page, the bulk-send page and the pick-list answer 200", { timeout: 120_000 }, async () => {
    const { coordinator, clbUser, schools } = await bigWorld();
    const school = schools[1234]!;
    const pages: Array<[string, { loader?: unknown }, string, Record<string, string>?]> = [
      ["coordinator /", startRoute, "/"],
      ["coordinator /overzicht", overviewRoute, "/overzicht"],
      ["coordinator /scholen", schoolsRoute, "/scholen"],
      ["coordinator school page", schoolRoute, `/scholen/${school.id}`, { schoolId: school.id }],
      ["coordinator intake", intakeRoute, `/scholen/${school.id}/intake`, { schoolId: school.id }],
      ["coordinator bulk send", bulkRoute, "/scholen/versturen"],
      ["coordinator new agreement", newAgreementRoute, "/overeenkomsten/nieuw"],
    ];
    for (const [label, route, url, params] of pages) {
      const result = await get(route, coordinator.id, url, params);
      expect({ label, status: result.status }).toEqual({ label, status: 200 });
    }
    const list = await get(schoolsRoute, coordinator.id, "/scholen");
    expect(list.data).toMatchObject({ totalAll: COUNT });
    for (const [label, route, url] of [
      ["CLB /", startRoute, "/"],
      ["CLB /overzicht", overviewRoute, "/overzicht"],
    ] as const) {
      const result = await get(route, clbUser.id, url);
      expect({ label, status: result.status }).toEqual({ label, status: 200 });
    }
  });
});
