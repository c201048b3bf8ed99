// Issue 13, "The CLB's schools": a CLB, a brugfiguren service and a city each
// keep their own list of schools (ServiceSchool, decision record 003), and
// their dashboards show every linked school for the school year with its
// status, filters by level and net, counts per status and a way to start the
// missing agreement. Another party never sees or changes a partner's list.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { schoolYearOf } from "~/domain/calendar";
import { loadCityDashboard } from "~/domain/dashboards/city-dashboard.server";
import { loadClbDashboard } from "~/domain/dashboards/clb-dashboard.server";
import { loadCoordinatorDashboard } from "~/domain/dashboards/coordinator-dashboard.server";
import { parseFilters } from "~/domain/dashboards/filters";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { listPartnerSchoolStatuses } from "~/domain/onboarding/partner-school-statuses.server";
import { PrismaClient } from "~/generated/prisma/client";
import { createSqliteAdapter } from "~/utils/sqlite-adapter.server";
import * as newAgreementRoute from "~/routes/overeenkomsten.nieuw";
import * as overviewRoute from "~/routes/overzicht";
import * as schoolsRoute from "~/routes/scholen._index";
import * as newSchoolRoute from "~/routes/scholen.nieuw";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, linkSchool, signedInRequest } from "../factories";
import { sessionUserFor } from "../factories/drafts";
import { callRoute } from "../setup/route";

// One moment for the whole file, mid school year; the route loaders read the
// clock themselves, so Date is faked to the same moment (timers stay real).
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
const tag = () => randomUUID().slice(0, 6);

const get = async (route: { loader?: unknown }, userId: string, url: string) =>
  callRoute(route.loader as Parameters<typeof callRoute>[0], await signedInRequest(userId, url), {});
const post = async (route: { action?: unknown }, userId: string, url: string, form: Record<string, string>) =>
  callRoute(route.action as Parameters<typeof callRoute>[0], await signedInRequest(userId, url, { form }), {});

async function partner(kind: "clb" | "brugfiguren" | "lokaal_bestuur") {
  const org = await createOrganisation(kind, `${kind} ${tag()}`);
  const role = kind === "clb" ? "clb_medewerker" : "coordinator";
  const user = await createUser([{ organisationId: org.id, role }]);
  return { org, user };
}

async function school(data: { educationLevel?: string; onderwijsnet?: string; name?: string; municipality?: string } = {}) {
  return db.organisation.create({
    data: {
      kind: "school",
      name: data.name ?? `School ${tag()}`,
      municipality: data.municipality ?? "Temse",
      educationLevel: data.educationLevel,
      onderwijsnet: data.onderwijsnet,
    },
  });
}

/** An agreement of `documentType` between the school and the partner, in `status`; `evaluated` adds a completed evaluation this year. */
async function agreement(partnerId: string, partnerRole: string, schoolId: string, documentType: string, status: string, evaluated = false) {
  return db.agreement.create({
    data: {
      documentType,
      title: `${documentType} ${tag()}`,
      schoolYear: year,
      status,
      parties: {
        create: [
          { organisationId: schoolId, partyRole: "school", position: 0, status: "aanvaard" },
          { organisationId: partnerId, partyRole: partnerRole, position: 1, status: "aanvaard" },
        ],
      },
      evaluationMoments: evaluated ? { create: [{ date: today, label: "Evaluatie", status: "afgerond", completedAt: now }] } : undefined,
    },
  });
}

type ListData = { schools: { total: number; items: Array<{ id: string; status: string; linked: boolean }> } };

describe("a CLB keeps its own list of schools", () => {
  it("adds a school found by name, and removes its link again", async () => {
    const clb = await partner("clb");
    const found = await school({ name: `VBS Zoekbaar ${tag()}` });

    const search = await get(newSchoolRoute, clb.user.id, `/scholen/nieuw?zoek=${encodeURIComponent(found.name)}`);
    expect(search.status).toBe(200);
    expect(search.data).toMatchObject({ found: [{ id: found.id, linked: false }] });

    const linked = await post(newSchoolRoute, clb.user.id, "/scholen/nieuw", { intent: "link", schoolId: found.id });
    expect(linked.status).toBe(302);
    expect(linked.location).toBe(`/scholen?partner=${clb.org.id}`);
    expect(await db.serviceSchool.count({ where: { serviceId: clb.org.id, schoolId: found.id } })).toBe(1);

    const list = await get(schoolsRoute, clb.user.id, "/scholen");
    expect(list.status).toBe(200);
    expect((list.data as ListData).schools.items).toEqual([expect.objectContaining({ id: found.id, status: "geen", linked: true })]);

    const removed = await post(schoolsRoute, clb.user.id, "/scholen", { intent: "unlink", schoolId: found.id });
    expect(removed.status).toBe(302);
    expect(await db.serviceSchool.count({ where: { serviceId: clb.org.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "school.unlinked", actorUserId: clb.user.id } })).toBe(1);
    expect((await get(schoolsRoute, clb.user.id, "/scholen")).data).toMatchObject({ schools: { total: 0 } });
  });

  it("adds a new school typed in by hand, linked to the CLB (not to a service)", async () => {
    const clb = await partner("clb");
    const nummer = String(100000 + Math.floor(Math.random() * 800000));
    const saved = await post(newSchoolRoute, clb.user.id, "/scholen/nieuw", {
      intent: "save",
      source: "manueel",
      instellingsnummer: nummer,
      name: "VBS Handwerk",
    });
    expect(saved.status).toBe(302);
    const created = await db.organisation.findUniqueOrThrow({ where: { instellingsnummer: nummer } });
    expect(await db.serviceSchool.findMany({ where: { schoolId: created.id }, select: { serviceId: true } })).toEqual([{ serviceId: clb.org.id }]);
  });

  it("another CLB, a service and a school neither see nor change the list", async () => {
    const clb = await partner("clb");
    const other = await partner("clb");
    const service = await partner("brugfiguren");
    const own = await school();
    await linkSchool(clb.org.id, own.id);
    const directie = await createUser([{ organisationId: own.id, role: "directie" }]);

    const otherList = await get(schoolsRoute, other.user.id, "/scholen");
    expect((otherList.data as ListData).schools.total).toBe(0);
    // Asking for the first CLB's list by id shows the user's own CLB's list instead.
    const asked = await get(schoolsRoute, other.user.id, `/scholen?partner=${clb.org.id}`);
    expect(JSON.stringify(asked.data)).not.toContain(own.id);
    const otherDashboard = await loadClbDashboard({
      user: await sessionUserFor(other.user.id),
      clbId: clb.org.id,
      filters,
      pages: { schools: 1, evaluations: 1 },
      today,
    });
    expect(otherDashboard.clb.id).toBe(other.org.id);
    expect(otherDashboard.schools.total).toBe(0);

    // Removing another partner's link: 404 (the user's own partner has none), the link stays.
    for (const userId of [other.user.id, service.user.id]) {
      const res = await post(schoolsRoute, userId, "/scholen", { intent: "unlink", schoolId: own.id, partner: clb.org.id });
      expect(res.status).toBe(404);
    }
    // A school's directie has no list of schools at all.
    expect((await get(schoolsRoute, directie.id, "/scholen")).status).toBe(403);
    expect((await post(schoolsRoute, directie.id, "/scholen", { intent: "unlink", schoolId: own.id })).status).toBe(403);
    expect((await post(newSchoolRoute, directie.id, "/scholen/nieuw", { intent: "link", schoolId: own.id })).status).toBe(403);
    expect(await db.serviceSchool.count({ where: { serviceId: clb.org.id, schoolId: own.id } })).toBe(1);
  });

  it("a malformed removal is a 400 with a Dutch message, nothing removed", async () => {
    const clb = await partner("clb");
    const own = await school();
    await linkSchool(clb.org.id, own.id);
    const res = await post(schoolsRoute, clb.user.id, "/scholen", { intent: "unlink" });
    expect(res.status).toBe(400);
    expect(await db.serviceSchool.count({ where: { serviceId: clb.org.id } })).toBe(1);
  });
});

describe("the CLB dashboard shows every school of the CLB", () => {
  it("a linked school without a nota is 'geen', counts per status are right, level and net filter", async () => {
    const clb = await partner("clb");
    const none = await school({ educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" });
    const concept = await school({ educationLevel: "secundair", onderwijsnet: "GO! onderwijs van de Vlaamse Gemeenschap" });
    const sent = await school({ educationLevel: "basis", onderwijsnet: "officieel gesubsidieerd onderwijs" });
    const signed = await school({ educationLevel: "buitengewoon", onderwijsnet: "vrij gesubsidieerd onderwijs" });
    const evaluated = await school({ educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" });
    for (const s of [none, concept, sent, signed]) await linkSchool(clb.org.id, s.id);
    await agreement(clb.org.id, "clb", concept.id, "afsprakennota", "concept");
    await agreement(clb.org.id, "clb", sent.id, "afsprakennota", "ter_ondertekening");
    await agreement(clb.org.id, "clb", signed.id, "afsprakennota", "ondertekend");
    // Not linked, but sharing a nota: on the list too.
    await agreement(clb.org.id, "clb", evaluated.id, "afsprakennota", "ondertekend", true);
    // Another CLB's nota with a linked school doesn't count for this CLB.
    const other = await partner("clb");
    await agreement(other.org.id, "clb", none.id, "afsprakennota", "ondertekend");

    const user = await sessionUserFor(clb.user.id);
    const load = (f: Partial<typeof filters>) => loadClbDashboard({ user, filters: { ...filters, ...f }, pages: { schools: 1, evaluations: 1 }, today });
    const d = await load({});
    expect(d.schools.total).toBe(5);
    expect(d.schools.items.find((s) => s.id === none.id)).toMatchObject({ status: "geen", agreement: null, linked: true });
    expect(d.statusTotals).toEqual({ geen: 1, concept: 1, ter_ondertekening: 1, ondertekend: 1, geevalueerd: 1, verlopen: 0 });
    expect(d.canStart).toBe(true);
    expect(d.documentType).toBe("afsprakennota");
    expect(d.nets).toEqual(["GO! onderwijs van de Vlaamse Gemeenschap", "officieel gesubsidieerd onderwijs", "vrij gesubsidieerd onderwijs"]);

    const basis = await load({ level: "basis" });
    expect(basis.schools.items.map((s) => s.id).sort()).toEqual([none.id, sent.id, evaluated.id].sort());
    expect(basis.statusTotals).toMatchObject({ geen: 1, ter_ondertekening: 1, geevalueerd: 1, concept: 0, ondertekend: 0 });
    const vrij = await load({ net: "vrij gesubsidieerd onderwijs" });
    expect(vrij.schools.items.map((s) => s.id).sort()).toEqual([none.id, signed.id, evaluated.id].sort());
    const both = await load({ level: "basis", net: "vrij gesubsidieerd onderwijs", status: "geen" });
    expect(both.schools.items.map((s) => s.id)).toEqual([none.id]);
  });

  it("the filters come from the query string of /overzicht (a GET form), an odd value falls back to all", async () => {
    const clb = await partner("clb");
    const basis = await school({ educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" });
    const secundair = await school({ educationLevel: "secundair", onderwijsnet: "vrij gesubsidieerd onderwijs" });
    await linkSchool(clb.org.id, basis.id);
    await linkSchool(clb.org.id, secundair.id);
    const page = await get(overviewRoute, clb.user.id, "/overzicht?niveau=secundair&net=vrij+gesubsidieerd+onderwijs");
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ dashboard: { kind: "clb", data: { schools: { total: 1, items: [{ id: secundair.id }] } } } });
    const odd = await get(overviewRoute, clb.user.id, "/overzicht?niveau=kleuter");
    expect(odd.data).toMatchObject({ filters: { level: null }, dashboard: { data: { schools: { total: 2 } } } });
  });

  it("'Nota opstellen' opens the new-agreement form with the CLB, the type and the school chosen", async () => {
    const clb = await partner("clb");
    const own = await school();
    await linkSchool(clb.org.id, own.id);
    const form = await get(newAgreementRoute, clb.user.id, `/overeenkomsten/nieuw?soort=afsprakennota&eigen=${clb.org.id}&partij=${own.id}`);
    expect(form.data).toMatchObject({ preset: { documentType: "afsprakennota", ownOrganisationId: clb.org.id, counterpartOrganisationId: own.id } });
    // Nothing is taken from the URL that the user may not pick.
    const foreign = await createOrganisation("clb");
    const odd = await get(newAgreementRoute, clb.user.id, `/overeenkomsten/nieuw?soort=bestaat-niet&eigen=${foreign.id}&partij=${foreign.id}`);
    expect(odd.data).toMatchObject({ preset: { documentType: undefined, ownOrganisationId: undefined, counterpartOrganisationId: undefined } });
  });
});

describe("the service's and the city's dashboards the same", () => {
  it("service: a linked school without an engagementsverklaring is 'geen', level filters", async () => {
    const service = await partner("brugfiguren");
    const none = await school({ educationLevel: "secundair" });
    const signed = await school({ educationLevel: "basis" });
    await linkSchool(service.org.id, none.id);
    await agreement(service.org.id, "brugfiguren", signed.id, "engagementsverklaring-brugfiguren", "ondertekend", true);
    const user = await sessionUserFor(service.user.id);
    const d = await loadCoordinatorDashboard({ user, filters, pages: { schools: 1, evaluations: 1, unsigned: 1 }, today, now });
    expect(d.schools.items.find((s) => s.id === none.id)).toMatchObject({ status: "geen" });
    expect(d.statusTotals).toMatchObject({ geen: 1, geevalueerd: 1, ondertekend: 0 });
    const secundair = await loadCoordinatorDashboard({
      user,
      filters: { ...filters, level: "secundair" },
      pages: { schools: 1, evaluations: 1, unsigned: 1 },
      today,
      now,
    });
    expect(secundair.schools.items.map((s) => s.id)).toEqual([none.id]);
  });

  it("city: its own dashboard of linked schools × samenwerkingsovereenkomst; a city is not a brugfiguren service", async () => {
    const city = await partner("lokaal_bestuur");
    const none = await school({ onderwijsnet: "officieel gesubsidieerd onderwijs" });
    const concept = await school({ onderwijsnet: "GO! onderwijs van de Vlaamse Gemeenschap" });
    await linkSchool(city.org.id, none.id);
    await linkSchool(city.org.id, concept.id);
    await agreement(city.org.id, "lokaal_bestuur", concept.id, "samenwerkingsovereenkomst", "concept");

    const page = await get(overviewRoute, city.user.id, "/overzicht");
    expect(page.data).toMatchObject({ kinds: ["stad"], dashboard: { kind: "stad" } });
    const user = await sessionUserFor(city.user.id);
    const d = await loadCityDashboard({ user, filters, pages: { schools: 1 }, today });
    expect(d.statusTotals).toMatchObject({ geen: 1, concept: 1 });
    expect(d.schools.items.find((s) => s.id === none.id)).toMatchObject({ status: "geen" });
    const go = await loadCityDashboard({ user, filters: { ...filters, net: "GO! onderwijs van de Vlaamse Gemeenschap" }, pages: { schools: 1 }, today });
    expect(go.schools.items.map((s) => s.id)).toEqual([concept.id]);
    // Onze scholen works for the city; the service's intake and bulk send do not.
    expect((await get(schoolsRoute, city.user.id, "/scholen")).data).toMatchObject({ isService: false, schools: { total: 2 } });
    const intakeRoute = await import("~/routes/scholen.$schoolId.intake");
    const intake = await callRoute(intakeRoute.loader as Parameters<typeof callRoute>[0], await signedInRequest(city.user.id, `/scholen/${none.id}/intake`), {
      schoolId: none.id,
    });
    expect(intake.status).toBe(403);
  });
});

describe("a CLB sets each school's ankerfiguur on its list (a city its contact person)", () => {
  type ContactList = { contactLabel: string; members: Array<{ id: string }>; schools: { items: Array<{ id: string; contactUserId: string | null }> } };
  type Answer = { contact: { schoolId: string | null; saved?: boolean; error?: string } };
  const setContact = (userId: string, form: Record<string, string>) => post(schoolsRoute, userId, "/scholen", { intent: "set-contact", ...form });
  const stored = async (partnerId: string, schoolId: string) =>
    (await db.serviceSchool.findUniqueOrThrow({ where: { serviceId_schoolId: { serviceId: partnerId, schoolId } } })).contactUserId;

  it("the CLB picks one of its own members per school; a new afsprakennota names that person as ankerfiguur", async () => {
    const clb = await partner("clb");
    const ankerfiguur = await createUser([{ organisationId: clb.org.id, role: "clb_medewerker" }]);
    const own = await school();
    await linkSchool(clb.org.id, own.id);

    const before = (await get(schoolsRoute, clb.user.id, "/scholen")).data as ContactList;
    expect(before.contactLabel).toBe("Ankerfiguur");
    expect(before.members.map((m) => m.id).sort()).toEqual([clb.user.id, ankerfiguur.id].sort());
    expect(before.schools.items).toEqual([expect.objectContaining({ id: own.id, contactUserId: null })]);

    const saved = await setContact(clb.user.id, { schoolId: own.id, partner: clb.org.id, contactUserId: ankerfiguur.id });
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ contact: { schoolId: own.id, saved: true } });
    expect(await stored(clb.org.id, own.id)).toBe(ankerfiguur.id);
    const after = (await get(schoolsRoute, clb.user.id, "/scholen")).data as ContactList;
    expect(after.schools.items).toEqual([expect.objectContaining({ id: own.id, contactUserId: ankerfiguur.id })]);

    // The CLB drafts a new nota for that school: its ankerfiguur is named in it.
    const created = await post(newAgreementRoute, clb.user.id, "/overeenkomsten/nieuw", {
      documentType: "afsprakennota",
      schoolYear: year,
      ownOrganisationId: clb.org.id,
      counterpartOrganisationId: own.id,
    });
    expect(created.status).toBe(302);
    const agreementId = created.location!.split("/").pop()!;
    const contacts = await db.agreementContact.findMany({ where: { agreementId }, select: { contactRole: true, userId: true, party: { select: { organisationId: true } } } });
    expect(contacts).toEqual([{ contactRole: "ankerfiguur", userId: ankerfiguur.id, party: { organisationId: clb.org.id } }]);

    // "Niemand" clears the default again.
    expect((await setContact(clb.user.id, { schoolId: own.id, partner: clb.org.id, contactUserId: "" })).status).toBe(200);
    expect(await stored(clb.org.id, own.id)).toBeNull();
  });

  it("refuses someone of another organisation, someone who left, a school not on the list: a Dutch message at the row, nothing stored", async () => {
    const clb = await partner("clb");
    const ankerfiguur = await createUser([{ organisationId: clb.org.id, role: "clb_medewerker" }]);
    const gone = await createUser([{ organisationId: clb.org.id, role: "clb_medewerker" }]);
    await db.membership.updateMany({ where: { userId: gone.id }, data: { active: false } });
    const other = await partner("clb");
    const own = await school();
    const unlisted = await school();
    await linkSchool(clb.org.id, own.id);
    await linkSchool(other.org.id, unlisted.id);
    await setContact(clb.user.id, { schoolId: own.id, partner: clb.org.id, contactUserId: ankerfiguur.id });
    const audits = () => db.auditEvent.count({ where: { action: "organisation.school-contact", data: { contains: own.id } } });
    const auditsBefore = await audits();

    // A person who left is not offered either.
    expect(((await get(schoolsRoute, clb.user.id, "/scholen")).data as ContactList).members.map((m) => m.id)).not.toContain(gone.id);

    for (const contactUserId of [other.user.id, gone.id]) {
      const refused = await setContact(clb.user.id, { schoolId: own.id, partner: clb.org.id, contactUserId });
      expect(refused.status).toBe(400);
      expect((refused.data as Answer).contact).toEqual({ schoolId: own.id, error: expect.stringMatching(/geen actief lid van/) });
    }
    const notListed = await setContact(clb.user.id, { schoolId: unlisted.id, partner: clb.org.id, contactUserId: ankerfiguur.id });
    expect(notListed.status).toBe(404);
    expect((notListed.data as Answer).contact).toEqual({ schoolId: unlisted.id, error: "Deze school staat niet op uw lijst." });
    const malformed = await setContact(clb.user.id, { partner: clb.org.id, contactUserId: ankerfiguur.id });
    expect(malformed.status).toBe(400);
    expect((malformed.data as Answer).contact.error).toBe("Kies een school.");

    // Another CLB cannot set the first CLB's ankerfiguur (asking for it by id acts for its own CLB, which has no such link).
    const foreign = await setContact(other.user.id, { schoolId: own.id, partner: clb.org.id, contactUserId: other.user.id });
    expect(foreign.status).toBe(404);
    // A school's directie keeps no list at all.
    const directie = await createUser([{ organisationId: own.id, role: "directie" }]);
    expect((await setContact(directie.id, { schoolId: own.id, partner: clb.org.id, contactUserId: directie.id })).status).toBe(403);

    expect(await stored(clb.org.id, own.id)).toBe(ankerfiguur.id);
    expect(await db.serviceSchool.findUniqueOrThrow({ where: { serviceId_schoolId: { serviceId: other.org.id, schoolId: unlisted.id } } })).toMatchObject({ contactUserId: null });
    expect(await audits()).toBe(auditsBefore);
  });

  it("the list carries each row's contact from the partner's own links: three queries, however many schools", async () => {
    const clb = await partner("clb");
    const schools = [await school(), await school(), await school()];
    for (const s of schools) await linkSchool(clb.org.id, s.id);
    for (const s of schools.slice(0, 2)) await setContact(clb.user.id, { schoolId: s.id, partner: clb.org.id, contactUserId: clb.user.id });
    // Another CLB's contact for the same school is not this CLB's.
    const other = await partner("clb");
    await linkSchool(other.org.id, schools[2]!.id);
    await setContact(other.user.id, { schoolId: schools[2]!.id, partner: other.org.id, contactUserId: other.user.id });

    const counting = new PrismaClient({ adapter: createSqliteAdapter(process.env.DATABASE_URL!), log: [{ emit: "event", level: "query" }] });
    let queries = 0;
    counting.$on("query", () => {
      queries++;
    });
    try {
      const rows = await listPartnerSchoolStatuses({ partnerId: clb.org.id, documentType: "afsprakennota", schoolYear: year, client: counting });
      expect(queries).toBe(3);
      expect(new Map(rows.map((r) => [r.id, r.contactUserId]))).toEqual(new Map([[schools[0]!.id, clb.user.id], [schools[1]!.id, clb.user.id], [schools[2]!.id, null]]));
    } finally {
      await counting.$disconnect();
    }
  });

  it("a city names its contact person per school the same way", async () => {
    const city = await partner("lokaal_bestuur");
    const own = await school();
    await linkSchool(city.org.id, own.id);
    expect(((await get(schoolsRoute, city.user.id, "/scholen")).data as ContactList).contactLabel).toBe("Contactpersoon");
    expect((await setContact(city.user.id, { schoolId: own.id, partner: city.org.id, contactUserId: city.user.id })).status).toBe(200);
    expect(await stored(city.org.id, own.id)).toBe(city.user.id);
  });
});
