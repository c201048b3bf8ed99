import { beforeAll, describe, expect, it } from "vitest";
import * as detailRoute from "~/routes/overeenkomsten.$agreementId._index";
import * as editRoute from "~/routes/overeenkomsten.$agreementId.bewerken";
import * as newRoute from "~/routes/overeenkomsten.nieuw";
import { db } from "~/utils/db.server";
import { createAgreementBetween, createOrganisation, createUser, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";

// School A's principal must not see or touch school B's agreement: every
// loader and action answers 404 (not 403), so existence doesn't leak.
describe("organisation scoping", () => {
  let userA: { id: string };
  let agreementB: { id: string; title: string };
  let schoolB: { id: string };
  let clb: { id: string };

  beforeAll(async () => {
    const schoolA = await createOrganisation("school", "School A");
    schoolB = await createOrganisation("school", "School B");
    clb = await createOrganisation("clb", "CLB X");
    userA = await createUser([{ organisationId: schoolA.id, role: "directie" }]);
    agreementB = await createAgreementBetween(schoolB, clb, { title: "Afsprakennota School B" });
  });

  const params = () => ({ agreementId: agreementB.id });

  it("404 on reading the agreement", async () => {
    const result = await callRoute(detailRoute.loader, await signedInRequest(userA.id, `/overeenkomsten/${agreementB.id}`), params());
    expect(result.status).toBe(404);
    expect(JSON.stringify(result.data)).not.toContain("School B");
  });

  it("404 on the edit page", async () => {
    const result = await callRoute(editRoute.loader, await signedInRequest(userA.id, `/overeenkomsten/${agreementB.id}/bewerken`), params());
    expect(result.status).toBe(404);
  });

  it("404 on saving changes, and nothing changes", async () => {
    const request = await signedInRequest(userA.id, `/overeenkomsten/${agreementB.id}/bewerken`, {
      form: { title: "Overgenomen", schoolYear: "2026-2027", revision: "0" },
    });
    const result = await callRoute(editRoute.action, request, params());
    expect(result.status).toBe(404);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreementB.id } })).title).toBe("Afsprakennota School B");
  });

  it("404 on saving malformed changes too (scope is checked before the input)", async () => {
    const request = await signedInRequest(userA.id, `/overeenkomsten/${agreementB.id}/bewerken`, { form: { title: "" } });
    expect((await callRoute(editRoute.action, request, params())).status).toBe(404);
  });

  it("404 on archiving, and nothing changes", async () => {
    const request = await signedInRequest(userA.id, `/overeenkomsten/${agreementB.id}`, { form: { intent: "archive" } });
    const result = await callRoute(detailRoute.action, request, params());
    expect(result.status).toBe(404);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreementB.id } })).status).toBe("concept");
  });

  it("404 on an unknown action for a foreign agreement", async () => {
    const request = await signedInRequest(userA.id, `/overeenkomsten/${agreementB.id}`, { form: { intent: "delete-all" } });
    expect((await callRoute(detailRoute.action, request, params())).status).toBe(404);
  });

  it("refuses to create an agreement on behalf of school B", async () => {
    const before = await db.agreement.count();
    const request = await signedInRequest(userA.id, "/overeenkomsten/nieuw", {
      form: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: schoolB.id, counterpartOrganisationId: clb.id },
    });
    const result = await callRoute(newRoute.action, request);
    expect(result.status).toBe(400);
    expect((result.data as { error: Record<string, string[]> }).error.ownOrganisationId).toEqual([
      "U kunt geen overeenkomsten opstellen voor deze organisatie.",
    ]);
    expect(await db.agreement.count()).toBe(before);
  });

  it("the start page lists only the user's own agreements", async () => {
    const { loader } = await import("~/routes/_index");
    const result = await callRoute(loader, await signedInRequest(userA.id, "/"));
    expect(result.status).toBe(200);
    expect((result.data as { agreements: Array<{ id: string }> }).agreements.map((a) => a.id)).not.toContain(agreementB.id);
  });

  it("a party member whose role may not edit gets 403, not the edit form", async () => {
    const brugfiguur = await createUser([{ organisationId: schoolB.id, role: "brugfiguur" }]);
    const result = await callRoute(editRoute.loader, await signedInRequest(brugfiguur.id, "/x"), params());
    expect(result.status).toBe(403);
    const read = await callRoute(detailRoute.loader, await signedInRequest(brugfiguur.id, "/x"), params());
    expect(read.status).toBe(200);
  });

  it("an unknown agreement id is a Dutch 404", async () => {
    const result = await callRoute(detailRoute.loader, await signedInRequest(userA.id, "/x"), { agreementId: "bestaat-niet" });
    expect(result.status).toBe(404);
    expect((result.data as { message: string }).message).toBe("Deze overeenkomst bestaat niet of u hebt er geen toegang toe.");
  });
});
