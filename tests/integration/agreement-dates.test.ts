// Dates that come from the agreement itself: the evaluation dates typed into
// the nota are its evaluation moments; renewal moves dates to the same place in
// the next school year; a second agreement for the same parties, type and
// school year is refused and points to the existing one.
import { describe, expect, it } from "vitest";
import { syncCommitmentsFromVersion } from "~/domain/commitments/sync-commitments.server";
import { saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { afterSigningCompleted } from "~/domain/signing/finalize-version.server";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import { db } from "~/utils/db.server";
import { createCompleteDraft } from "../factories/drafts";

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
