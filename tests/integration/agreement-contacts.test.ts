// Issue 13, "Named people": each party names its own contact people per
// agreement (defaults from the organisation: the CLB's ankerfiguur for the
// school, the school's zorgcoördinator), the R and A of a commitment name a
// person of that party, and bad input (a person of another organisation, one
// who left, another party's contacts, an unknown role) is a Dutch 4xx with
// nothing stored.
import { beforeAll, describe, expect, it } from "vitest";
import { acceptParty } from "~/domain/agreements/accept-party.server";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { agreementsWithoutContact } from "~/domain/dashboards/missing-contacts.server";
import { loadDashboardPage } from "~/domain/dashboards/load-dashboard.server";
import { setSchoolContact } from "~/domain/people/agreement-contacts.server";
import { PrismaClient } from "~/generated/prisma/client";
import { createSqliteAdapter } from "~/utils/sqlite-adapter.server";
import * as contactsRoute from "~/routes/overeenkomsten.$agreementId.contactpersonen";
import * as schoolRoute from "~/routes/scholen.$schoolId._index";
import * as commitmentsRoute from "~/routes/overeenkomsten.$agreementId.afspraken";
import { db } from "~/utils/db.server";
import { createAgreementBetween, createOrganisation, createUser, linkSchool, signedInRequest } from "../factories";
import { sessionUserFor } from "../factories/drafts";
import { callRoute } from "../setup/route";

const audit = { ipAddress: "127.0.0.1", userAgent: "vitest" };

describe("named contact people per agreement", () => {
  let school: { id: string };
  let clb: { id: string };
  let clbUser: { id: string };
  let ankerfiguur: { id: string };
  let zorg: { id: string };
  let directie: { id: string };
  let gone: { id: string };
  let stranger: { id: string };
  let agreementId: string;
  let schoolPartyId: string;
  let clbPartyId: string;

  const contacts = () => db.agreementContact.findMany({ where: { agreementId }, orderBy: { contactRole: "asc" } });
  const post = async (userId: string, form: Record<string, string>) =>
    callRoute(contactsRoute.action, await signedInRequest(userId, `/overeenkomsten/${agreementId}/contactpersonen`, { form }), { agreementId });

  beforeAll(async () => {
    school = await createOrganisation("school", "VBS De Linde");
    clb = await createOrganisation("clb", "CLB Waasland");
    const other = await createOrganisation("clb", "CLB Elders");
    clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    ankerfiguur = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    gone = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    await db.membership.updateMany({ where: { userId: gone.id }, data: { active: false } });
    stranger = await createUser([{ organisationId: other.id, role: "clb_medewerker" }]);
    zorg = await createUser([{ organisationId: school.id, role: "zorgcoordinator" }]);
    directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    // The CLB's ankerfiguur for this school, set once on its school list.
    await linkSchool(clb.id, school.id);
    await setSchoolContact({ user: await sessionUserFor(clbUser.id), partnerId: clb.id, schoolId: school.id, contactUserId: ankerfiguur.id, audit });

    const agreement = await createAgreement({
      user: await sessionUserFor(clbUser.id),
      input: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id },
      audit,
    });
    agreementId = agreement.id;
    schoolPartyId = agreement.parties.find((p) => p.organisationId === school.id)!.id;
    clbPartyId = agreement.parties.find((p) => p.organisationId === clb.id)!.id;
  });

  it("names the defaults: the CLB's ankerfiguur at creation, the school's zorgcoördinator once the school accepts", async () => {
    expect((await contacts()).map((c) => [c.partyId, c.contactRole, c.userId])).toEqual([[clbPartyId, "ankerfiguur", ankerfiguur.id]]);
    await acceptParty({ user: await sessionUserFor(directie.id), agreementId, partyId: schoolPartyId, audit });
    expect((await contacts()).map((c) => [c.partyId, c.contactRole, c.userId])).toEqual([
      [clbPartyId, "ankerfiguur", ankerfiguur.id],
      [schoolPartyId, "zorgcoordinator", zorg.id],
    ]);
  });

  it("lets a member name and remove its own party's contacts", async () => {
    const named = await post(directie.id, { intent: "name", partyId: schoolPartyId, contactRole: "contactpersoon", userId: directie.id });
    expect(named.status).toBe(200);
    const row = (await contacts()).find((c) => c.contactRole === "contactpersoon");
    expect(row).toMatchObject({ partyId: schoolPartyId, userId: directie.id, namedById: directie.id });
    const page = await callRoute(contactsRoute.loader, await signedInRequest(clbUser.id, `/overeenkomsten/${agreementId}/contactpersonen`), { agreementId });
    const parties = (page.data as { parties: Array<{ id: string; own: boolean; contacts: Array<{ name: string }> }> }).parties;
    // The CLB sees the school's contacts but cannot name them.
    expect(parties.find((p) => p.id === schoolPartyId)).toMatchObject({ own: false });
    expect(parties.find((p) => p.id === schoolPartyId)!.contacts).toHaveLength(2);
    const removed = await post(directie.id, { intent: "remove", contactId: row!.id });
    expect(removed.status).toBe(200);
    expect((await contacts()).some((c) => c.id === row!.id)).toBe(false);
  });

  describe("bad input: a Dutch message, 4xx, nothing stored", () => {
    const cases: Array<[string, () => Promise<{ userId: string; form: Record<string, string> }>, number, RegExp]> = [
      ["a person of another organisation", async () => ({ userId: clbUser.id, form: { intent: "name", partyId: clbPartyId, contactRole: "ankerfiguur", userId: stranger.id } }), 400, /geen actief lid van CLB Waasland/],
      ["a person who left the organisation", async () => ({ userId: clbUser.id, form: { intent: "name", partyId: clbPartyId, contactRole: "ankerfiguur", userId: gone.id } }), 400, /geen actief lid/],
      ["a contact for another party", async () => ({ userId: clbUser.id, form: { intent: "name", partyId: schoolPartyId, contactRole: "zorgcoordinator", userId: clbUser.id } }), 403, /eigen organisatie/],
      ["a contact of another party named from its own members", async () => ({ userId: clbUser.id, form: { intent: "name", partyId: schoolPartyId, contactRole: "zorgcoordinator", userId: directie.id } }), 403, /eigen organisatie/],
      ["an unknown role", async () => ({ userId: clbUser.id, form: { intent: "name", partyId: clbPartyId, contactRole: "baas", userId: clbUser.id } }), 400, /Kies een geldige rol/],
      ["removing another party's contact", async () => ({ userId: clbUser.id, form: { intent: "remove", contactId: (await contacts()).find((c) => c.partyId === schoolPartyId)!.id } }), 403, /eigen organisatie/],
    ];
    it.each(cases)("%s", async (_name, input, status, message) => {
      const before = await contacts();
      const auditBefore = await db.auditEvent.count({ where: { agreementId } });
      const { userId, form } = await input();
      const result = await post(userId, form);
      expect(result.status).toBe(status);
      expect((result.data as { message: string }).message).toMatch(message);
      expect(await contacts()).toEqual(before);
      expect(await db.auditEvent.count({ where: { agreementId } })).toBe(auditBefore);
    });

    it("a school default contact from outside the CLB, or for a school not on its list", async () => {
      const user = await sessionUserFor(clbUser.id);
      await expect(setSchoolContact({ user, partnerId: clb.id, schoolId: school.id, contactUserId: stranger.id, audit })).rejects.toMatchObject({ status: 400 });
      const unlisted = await createOrganisation("school");
      await expect(setSchoolContact({ user, partnerId: clb.id, schoolId: unlisted.id, contactUserId: ankerfiguur.id, audit })).rejects.toMatchObject({ status: 404 });
      // Another partner's list is not the CLB's to change.
      await expect(setSchoolContact({ user: await sessionUserFor(directie.id), partnerId: clb.id, schoolId: school.id, contactUserId: null, audit })).rejects.toMatchObject({ status: 403 });
      expect((await db.serviceSchool.findFirstOrThrow({ where: { serviceId: clb.id, schoolId: school.id } })).contactUserId).toBe(ankerfiguur.id);
    });
  });

  describe("the R and A of a commitment name a person of that party", () => {
    let commitmentId: string;
    let schoolRoleId: string;
    let clbRoleId: string;
    const postCommitment = async (userId: string, form: Record<string, string>) =>
      callRoute(commitmentsRoute.action, await signedInRequest(userId, `/overeenkomsten/${agreementId}/afspraken`, { form }), { agreementId });

    beforeAll(async () => {
      const commitment = await db.commitment.create({
        data: {
          agreementId,
          what: "Het CLB bespreekt de zorgvragen met de school.",
          dueDate: "2027-01-15",
          bearerPartyId: clbPartyId,
          roles: { create: [{ partyId: clbPartyId, rasci: "R" }, { partyId: schoolPartyId, rasci: "A" }] },
        },
        include: { roles: true },
      });
      commitmentId = commitment.id;
      clbRoleId = commitment.roles.find((r) => r.partyId === clbPartyId)!.id;
      schoolRoleId = commitment.roles.find((r) => r.partyId === schoolPartyId)!.id;
    });
    const role = (id: string) => db.commitmentRole.findUniqueOrThrow({ where: { id } });

    it("shows the contact person while nobody is named, and the party names its own person", async () => {
      const page = await callRoute(commitmentsRoute.loader, await signedInRequest(clbUser.id, `/overeenkomsten/${agreementId}/afspraken`), { agreementId });
      const carriers = (page.data as { commitments: Array<{ id: string; carriers: Array<{ roleId: string; person: string | null; fallback: string; members: unknown }> }> }).commitments.find((c) => c.id === commitmentId)!.carriers;
      const ankerName = (await db.user.findUniqueOrThrow({ where: { id: ankerfiguur.id } })).name;
      expect(carriers.find((c) => c.roleId === clbRoleId)).toMatchObject({ person: null, fallback: `contactpersoon: ${ankerName}` });
      // The CLB may not pick the school's person.
      expect(carriers.find((c) => c.roleId === schoolRoleId)!.members).toBeNull();

      const result = await postCommitment(clbUser.id, { intent: "person", roleId: clbRoleId, userId: ankerfiguur.id });
      expect(result.status).toBe(200);
      expect((await role(clbRoleId)).userId).toBe(ankerfiguur.id);
      // Cleared: back to the contact person.
      await postCommitment(clbUser.id, { intent: "person", roleId: clbRoleId, userId: "" });
      expect((await role(clbRoleId)).userId).toBeNull();
    });

    it("refuses another party's role, a person of another organisation and one who left", async () => {
      const other = await postCommitment(clbUser.id, { intent: "person", roleId: schoolRoleId, userId: clbUser.id });
      expect(other.status).toBe(403);
      expect((other.data as { message: string }).message).toMatch(/eigen organisatie/);
      const outside = await postCommitment(directie.id, { intent: "person", roleId: schoolRoleId, userId: clbUser.id });
      expect(outside.status).toBe(400);
      expect((outside.data as { message: string }).message).toMatch(/geen actief lid van VBS De Linde/);
      const left = await postCommitment(clbUser.id, { intent: "person", roleId: clbRoleId, userId: gone.id });
      expect(left.status).toBe(400);
      expect((await role(schoolRoleId)).userId).toBeNull();
      expect((await role(clbRoleId)).userId).toBeNull();
    });
  });
});

describe("the dashboard flags agreements in which a party named no contact person", () => {
  it("lists the school's agreement while the CLB names nobody, in one query, and drops it once it does", async () => {
    const school = await createOrganisation("school", "GO! De Brug");
    const clb = await createOrganisation("clb", "CLB Schelde");
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    const agreement = await createAgreementBetween(school, clb, { status: "ondertekend", title: "Afsprakennota De Brug" });
    const parties = await db.agreementParty.findMany({ where: { agreementId: agreement.id } });
    const partyOf = (id: string) => parties.find((p) => p.organisationId === id)!.id;
    await db.agreementContact.create({ data: { agreementId: agreement.id, partyId: partyOf(school.id), contactRole: "zorgcoordinator", userId: directie.id } });

    const user = await sessionUserFor(directie.id);
    const now = new Date("2026-11-02T09:00:00Z");
    const page = () => loadDashboardPage({ user, params: new URLSearchParams({ schooljaar: "2026-2027", rol: "school" }), now });
    expect((await page()).withoutContact.items.map((a) => a.title)).toEqual(["Afsprakennota De Brug"]);

    const counting = new PrismaClient({ adapter: createSqliteAdapter(process.env.DATABASE_URL!), log: [{ emit: "event", level: "query" }] });
    let queries = 0;
    counting.$on("query", () => {
      queries++;
    });
    try {
      await agreementsWithoutContact({ organisationIds: [school.id], schoolYear: "2026-2027", client: counting });
      expect(queries).toBe(1);
    } finally {
      await counting.$disconnect();
    }

    const clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    await db.agreementContact.create({ data: { agreementId: agreement.id, partyId: partyOf(clb.id), contactRole: "ankerfiguur", userId: clbUser.id } });
    expect((await page()).withoutContact.items).toEqual([]);
  });
});

describe("a brugfiguren service sets its brugfiguur for a school on the school page", () => {
  it("stores a member of the service; refuses someone of another organisation (400, nothing stored)", async () => {
    const service = await createOrganisation("brugfiguren", "Brugfiguren Temse");
    const school = await createOrganisation("school", "BS Het Anker");
    const coordinator = await createUser([{ organisationId: service.id, role: "coordinator" }]);
    const brugfiguur = await createUser([{ organisationId: service.id, role: "brugfiguur" }]);
    const outsider = await createUser([{ organisationId: school.id, role: "directie" }]);
    await linkSchool(service.id, school.id);
    const post = async (contactUserId: string) =>
      callRoute(schoolRoute.action, await signedInRequest(coordinator.id, `/scholen/${school.id}`, { form: { intent: "contact", contactUserId } }), { schoolId: school.id });
    const stored = async () => (await db.serviceSchool.findFirstOrThrow({ where: { serviceId: service.id, schoolId: school.id } })).contactUserId;

    const page = await callRoute(schoolRoute.loader, await signedInRequest(coordinator.id, `/scholen/${school.id}`), { schoolId: school.id });
    expect((page.data as { contact: { members: Array<{ id: string }> } }).contact.members.map((m) => m.id).sort()).toEqual([coordinator.id, brugfiguur.id].sort());
    expect((await post(brugfiguur.id)).status).toBe(200);
    expect(await stored()).toBe(brugfiguur.id);
    const refused = await post(outsider.id);
    expect(refused.status).toBe(400);
    expect((refused.data as { message: string }).message).toMatch(/geen actief lid van Brugfiguren Temse/);
    expect(await stored()).toBe(brugfiguur.id);
  });
});
