// Dates that come from the agreement itself: the evaluation dates typed into
// the nota are its evaluation moments; renewal moves dates to the same place in
// the next school year; a second agreement for the same parties, type and
// school year is refused and points to the existing one.
import { describe, expect, it } from "vitest";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { renewAgreement } from "~/domain/renewal/renew-agreement.server";
import { ExistingAgreementError } from "~/domain/agreements/same-agreement.server";
import { syncCommitmentsFromVersion } from "~/domain/commitments/sync-commitments.server";
import { saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { exportCommitmentsCsv } from "~/domain/exports/exports.server";
import { afterSigningCompleted } from "~/domain/signing/finalize-version.server";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import * as commitmentsRoute from "~/routes/overeenkomsten.$agreementId.afspraken";
import * as agreementRoute from "~/routes/overeenkomsten.$agreementId._index";
import * as newAgreementRoute from "~/routes/overeenkomsten.nieuw";
import { db } from "~/utils/db.server";
import { signedInRequest } from "../factories";
import { createCompleteDraft } from "../factories/drafts";
import { callRoute } from "../setup/route";

/** The one moment these tests sign at: inside 2026-2027, before its evaluation dates. */
const NOW = new Date("2026-11-22T13:05:00Z");

/** A complete afsprakennota with the given typed values, frozen and signed at NOW. */
async function signedWith(raw: Record<string, string>) {
  const setup = await createCompleteDraft();
  const saved = await saveDraftValues({ user: setup.user, agreementId: setup.agreementId, revision: await setup.revision(), raw, audit: setup.audit });
  expect(saved.ok).toBe(true);
  const version = await freezeDraft({ user: setup.user, agreementId: setup.agreementId, revision: await setup.revision(), audit: setup.audit });
  await db.$transaction(async (tx) => {
    await tx.agreementVersion.update({ where: { id: version.id }, data: { status: "ondertekend" } });
    await tx.agreement.update({ where: { id: setup.agreementId }, data: { status: "ondertekend" } });
    await syncCommitmentsFromVersion(tx, version.id);
  });
  await afterSigningCompleted(setup.agreementId, NOW);
  return { ...setup, version };
}

describe("the nota's typed evaluation dates are its evaluation moments", () => {
  it("tussentijds 04/02/2027 and eind 17/06/2027 become the moments, not the calendar defaults", async () => {
    const { agreementId } = await signedWith({ tussentijdseEvaluatie: "04/02/2027", eindEvaluatie: "17/06/2027" });
    const moments = await db.evaluationMoment.findMany({ where: { agreementId }, orderBy: { date: "asc" } });
    expect(moments.map((m) => [m.date, m.label])).toEqual([
      ["2027-02-04", "Tussentijdse evaluatie"],
      ["2027-06-17", "Eindevaluatie"],
    ]);
  });
});

describe("the nota's dates, checked", () => {
  it("a typed date outside the agreement's school year is no moment; with none left, the type's rhythm is the fallback", async () => {
    const { agreementId } = await signedWith({ tussentijdseEvaluatie: "04/02/2027", eindEvaluatie: "17/06/2028" });
    const moments = await db.evaluationMoment.findMany({ where: { agreementId }, orderBy: { date: "asc" } });
    expect(moments.map((m) => [m.date, m.label])).toEqual([["2027-02-04", "Tussentijdse evaluatie"]]);

    const outside = await signedWith({ tussentijdseEvaluatie: "04/02/2028", eindEvaluatie: "17/06/2028" });
    const fallback = await db.evaluationMoment.findMany({ where: { agreementId: outside.agreementId }, orderBy: { date: "asc" } });
    // The afsprakennota's rhythm: the second week after the kerstvakantie, and mid-May.
    expect(fallback.map((m) => [m.date, m.label])).toEqual([
      ["2027-01-11", "Tussentijdse evaluatie"],
      ["2027-05-14", "Eindevaluatie"],
    ]);
  });

  it("two renewals at the same moment make one agreement; the other opens it", async () => {
    const { user, school, clb, agreementId, audit } = await signedWith({});
    const results = await Promise.allSettled([
      renewAgreement({ user, agreementId, audit, now: NOW }),
      renewAgreement({ user, agreementId, audit, now: NOW }),
    ]);
    const made = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(ExistingAgreementError);
    expect(await agreementsOf(school.id, clb.id, "2027-2028")).toHaveLength(1);
  });
});

describe("date variables become the commitments' due dates", () => {
  it("the eindevaluatie typed into the nota is the due date of its commitments: in the database, the page and the CSV", async () => {
    const { user, userRow, agreementId, version } = await signedWith({ tussentijdseEvaluatie: "04/02/2027", eindEvaluatie: "17/06/2027" });
    const snapshot = JSON.parse(version.content) as { commitments: Array<{ templateCommitmentId: string; dueDate: string | null }> };
    expect(snapshot.commitments.find((c) => c.templateCommitmentId === "nieuwe-nota-voorbereiden")?.dueDate).toBe("2027-06-17");
    const due = await db.commitment.findMany({ where: { agreementId, templateCommitmentId: { in: ["evaluaties-plannen", "nieuwe-nota-voorbereiden"] } } });
    expect(due.map((c) => c.dueDate)).toEqual(["2027-06-17", "2027-06-17"]);

    const page = await callRoute(commitmentsRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId });
    const rows = (page.data as { commitments: Array<{ what: string; dueDate: string | null }> }).commitments;
    expect(rows.filter((c) => c.dueDate === "2027-06-17")).toHaveLength(2);

    const { csv } = await exportCommitmentsCsv({ user, filters: { schoolYear: "2026-2027", status: null }, publicUrl: "http://localhost" });
    const lines = csv.split(/\r?\n/);
    const tegen = lines[0]!.split(/[;,]/).findIndex((h) => h.replace(/"/g, "").trim() === "Tegen");
    expect(tegen).toBeGreaterThanOrEqual(0);
    // The row of "nieuwe-nota-voorbereiden" (its text names no date) carries it in "Tegen".
    const row = lines.find((l) => l.includes("stellen school en CLB samen een voorstel op"));
    expect(row).toContain("17/06/2027");
  });
});

describe("renewal maps each date to the same place in the next school year", () => {
  it("same week of the school year and weekday, moved off holidays, not '+1 calendar year'", async () => {
    const { user, agreementId, audit } = await signedWith({ tussentijdseEvaluatie: "01/03/2027", eindEvaluatie: "17/06/2027" });
    const renewed = await renewAgreement({ user, agreementId, audit, now: NOW });
    const values = JSON.parse(renewed.draftValues) as Record<string, unknown>;
    // Monday 1 March 2027 (week 27): 1 March 2028 lies in the krokusvakantie; Monday of week 27 too, so a week earlier.
    expect(values.tussentijdseEvaluatie).toBe("2028-02-21");
    // Thursday 17 June 2027 (week 42) becomes Thursday 15 June 2028, not Saturday 17 June 2028.
    expect(values.eindEvaluatie).toBe("2028-06-15");
  });
});

/** The agreements (any status but archived) of exactly these two organisations in a school year. */
function agreementsOf(schoolId: string, clbId: string, schoolYear: string) {
  return db.agreement.findMany({
    where: { schoolYear, status: { not: "gearchiveerd" }, AND: [{ parties: { some: { organisationId: schoolId } } }, { parties: { some: { organisationId: clbId } } }] },
  });
}

describe("one agreement per parties, type and school year", () => {
  it("'new agreement' twice: the second is refused, points to the first, and the page opens it", async () => {
    const { user, userRow, school, clb, agreementId, audit } = await createCompleteDraft();
    const input = { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id } as const;
    const again = createAgreement({ user, input, audit });
    await expect(again).rejects.toThrow(ExistingAgreementError);
    await expect(again).rejects.toThrow("Voor schooljaar 2026-2027 bestaat er al zo'n overeenkomst tussen deze partijen");
    await expect(again).rejects.toMatchObject({ agreementId, status: 409 });
    // Through the form: a redirect to the existing agreement, nothing made.
    const viaForm = await callRoute(newAgreementRoute.action, await signedInRequest(userRow.id, "/overeenkomsten/nieuw", { form: input }));
    expect(viaForm.status).toBe(302);
    expect(viaForm.location).toBe(`/overeenkomsten/${agreementId}`);
    expect(await agreementsOf(school.id, clb.id, "2026-2027")).toHaveLength(1);
    // Another school year is another agreement.
    await expect(createAgreement({ user, input: { ...input, schoolYear: "2027-2028" }, audit })).resolves.toMatchObject({ schoolYear: "2027-2028" });
  });

  it("renewing twice opens the first renewal, and the renew button gives way to a link to it", async () => {
    const { user, userRow, school, clb, agreementId, audit } = await signedWith({});
    const before = await callRoute(agreementRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId });
    expect(before.data).toMatchObject({ renewal: { schoolYear: "2027-2028" }, nextYear: null });

    const renewed = await renewAgreement({ user, agreementId, audit, now: NOW });
    await expect(renewAgreement({ user, agreementId, audit, now: NOW })).rejects.toMatchObject({ agreementId: renewed.id, status: 409 });
    const viaButton = await callRoute(agreementRoute.action, await signedInRequest(userRow.id, "/x", { form: { intent: "renew" } }), { agreementId });
    expect(viaButton.location).toBe(`/overeenkomsten/${renewed.id}`);
    // "New agreement" for that year opens it too.
    const input = { documentType: "afsprakennota", schoolYear: "2027-2028", ownOrganisationId: clb.id, counterpartOrganisationId: school.id } as const;
    await expect(createAgreement({ user, input, audit })).rejects.toMatchObject({ agreementId: renewed.id });
    expect(await agreementsOf(school.id, clb.id, "2027-2028")).toHaveLength(1);

    const after = await callRoute(agreementRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId });
    expect(after.data).toMatchObject({ renewal: null, nextYear: { id: renewed.id, schoolYear: "2027-2028" } });
  });

  it("a renewal after 'new agreement' for next year opens that agreement instead of making a second", async () => {
    const { user, school, clb, agreementId, audit } = await signedWith({});
    const input = { documentType: "afsprakennota", schoolYear: "2027-2028", ownOrganisationId: clb.id, counterpartOrganisationId: school.id } as const;
    const made = await createAgreement({ user, input, audit });
    await expect(renewAgreement({ user, agreementId, audit, now: NOW })).rejects.toMatchObject({ agreementId: made.id, status: 409 });
    expect(await agreementsOf(school.id, clb.id, "2027-2028")).toHaveLength(1);
  });
});
