import { beforeAll, describe, expect, it } from "vitest";
import * as editRoute from "~/routes/overeenkomsten.$agreementId.bewerken";
import * as newRoute from "~/routes/overeenkomsten.nieuw";
import { db } from "~/utils/db.server";
import { createAgreementBetween, createOrganisation, createUser, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";

type Reply = { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };

describe("creating an agreement", () => {
  let clbUser: { id: string };
  let clb: { id: string; name: string };
  let school: { id: string; name: string };

  beforeAll(async () => {
    clb = await createOrganisation("clb", "CLB Waasland");
    school = await createOrganisation("school", "VBS De Wereldreiziger");
    clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  });

  it("creates a concept with both parties, a suggested title and an audit event", async () => {
    const request = await signedInRequest(clbUser.id, "/overeenkomsten/nieuw", {
      form: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id },
    });
    const result = await callRoute(newRoute.action, request);
    expect(result.status).toBe(302);
    const id = result.location!.split("/").pop()!;
    const agreement = await db.agreement.findUniqueOrThrow({ where: { id }, include: { parties: { orderBy: { position: "asc" } }, auditEvents: true } });
    expect(agreement.title).toBe("Afsprakennota 2026-2027 — VBS De Wereldreiziger × CLB Waasland");
    expect(agreement.status).toBe("concept");
    expect(agreement.parties.map((p) => [p.partyRole, p.organisationId])).toEqual([
      ["school", school.id],
      ["clb", clb.id],
    ]);
    expect(agreement.auditEvents.map((e) => e.action)).toEqual(["agreement.created"]);
  });

  it("missing and malformed fields: 400, Dutch messages next to the fields, input kept, nothing stored", async () => {
    const before = await db.agreement.count();
    const request = await signedInRequest(clbUser.id, "/overeenkomsten/nieuw", {
      form: { documentType: "contract", schoolYear: "2026-2028", ownOrganisationId: clb.id, title: "ab" },
    });
    const result = await callRoute(newRoute.action, request);
    expect(result.status).toBe(400);
    const reply = result.data as Reply;
    expect(reply.error?.documentType).toEqual(["Kies een soort overeenkomst."]);
    expect(reply.error?.schoolYear).toEqual(["Vul een schooljaar in zoals 2026-2027."]);
    expect(reply.error?.title).toEqual(["De titel is te kort (minstens 3 tekens)."]);
    expect(reply.initialValue).toMatchObject({ documentType: "contract", schoolYear: "2026-2028", title: "ab" });
    expect(await db.agreement.count()).toBe(before);
  });

  it("a counterpart outside the pick-list (here: another CLB) is refused next to the field", async () => {
    const otherClb = await createOrganisation("clb");
    const before = await db.agreement.count();
    const request = await signedInRequest(clbUser.id, "/overeenkomsten/nieuw", {
      form: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: otherClb.id },
    });
    const result = await callRoute(newRoute.action, request);
    expect(result.status).toBe(400);
    expect((result.data as Reply).error?.counterpartOrganisationId).toEqual(["Kies de andere partij uit de lijst."]);
    expect(await db.agreement.count()).toBe(before);
  });

  it("a role that may not draft gets 403 on the form, and on a complete submission (nothing stored)", async () => {
    const service = await createOrganisation("brugfiguren");
    const brugfiguur = await createUser([{ organisationId: service.id, role: "brugfiguur" }]);
    const result = await callRoute(newRoute.loader, await signedInRequest(brugfiguur.id, "/overeenkomsten/nieuw"));
    expect(result.status).toBe(403);
    const school = await createOrganisation("school");
    const before = await db.agreement.count();
    const request = await signedInRequest(brugfiguur.id, "/overeenkomsten/nieuw", {
      form: { documentType: "engagementsverklaring-brugfiguren", schoolYear: "2026-2027", ownOrganisationId: service.id, counterpartOrganisationId: school.id },
    });
    expect((await callRoute(newRoute.action, request)).status).toBe(403);
    expect(await db.agreement.count()).toBe(before);
  });
});

describe("editing an agreement", () => {
  it("saves, then refuses a save based on an old revision with a clear message and the current text", async () => {
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    const user = await createUser([{ organisationId: school.id, role: "directie" }]);
    const agreement = await createAgreementBetween(school, clb, { title: "Oude titel" });
    const params = { agreementId: agreement.id };
    const url = `/overeenkomsten/${agreement.id}/bewerken`;

    const first = await callRoute(editRoute.action, await signedInRequest(user.id, url, { form: { title: "Titel van Els", schoolYear: "2026-2027", revision: "0" } }), params);
    expect(first.status).toBe(302);

    const second = await callRoute(editRoute.action, await signedInRequest(user.id, url, { form: { title: "Titel van Tom", schoolYear: "2026-2027", revision: "0" } }), params);
    expect(second.status).toBe(409);
    const reply = second.data as Reply;
    expect(reply.error?.[""]).toEqual([
      "Iemand anders heeft deze overeenkomst intussen gewijzigd. Bekijk de huidige versie en probeer opnieuw.",
    ]);
    expect(reply.initialValue?.title).toBe("Titel van Tom");
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).title).toBe("Titel van Els");

    const page = await callRoute(editRoute.loader, await signedInRequest(user.id, url), params);
    expect((page.data as { agreement: { title: string; revision: number } }).agreement).toMatchObject({ title: "Titel van Els", revision: 1 });
  });

  it("two saves at the same moment: exactly one wins, the other gets 409", async () => {
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    const user = await createUser([{ organisationId: school.id, role: "directie" }]);
    const agreement = await createAgreementBetween(school, clb);
    const url = `/overeenkomsten/${agreement.id}/bewerken`;
    const results = await Promise.all(
      ["Versie A", "Versie B"].map(async (title) =>
        callRoute(editRoute.action, await signedInRequest(user.id, url, { form: { title, schoolYear: "2026-2027", revision: "0" } }), { agreementId: agreement.id }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([302, 409]);
  });
});

describe("signing order and reminder settings", () => {
  it("are saved per agreement; out-of-range values are refused with a Dutch message", async () => {
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    const user = await createUser([{ organisationId: school.id, role: "directie" }]);
    const agreement = await createAgreementBetween(school, clb);
    const url = `/overeenkomsten/${agreement.id}/bewerken`;
    const form = { title: "Afsprakennota", schoolYear: "2026-2027", revision: "0", signingOrder: "sequentieel", reminderFirstDays: "7", reminderIntervalDays: "2", reminderMax: "3" };
    const ok = await callRoute(editRoute.action, await signedInRequest(user.id, url, { form }), { agreementId: agreement.id });
    expect(ok.status).toBe(302);
    expect(await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).toMatchObject({ signingOrder: "sequentieel", reminderFirstDays: 7, reminderIntervalDays: 2, reminderMax: 3 });
    const bad = await callRoute(editRoute.action, await signedInRequest(user.id, url, { form: { ...form, revision: "1", reminderMax: "99" } }), { agreementId: agreement.id });
    expect(bad.status).toBe(400);
    expect((bad.data as Reply).error?.reminderMax).toEqual(["Aantal herinneringen: hoogstens 10."]);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).reminderMax).toBe(3);
  });
});
