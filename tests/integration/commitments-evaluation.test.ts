import { describe, expect, it } from "vitest";
import { renewAgreement } from "~/domain/renewal/renew-agreement.server";
import { updateCommitment } from "~/domain/commitments/commitments.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { checkMomentDate, loadEvaluations, recordEvaluation } from "~/domain/evaluation/evaluations.server";
import { compareWithPreviousYear } from "~/domain/versions/versions.server";
import * as evaluationsRoute from "~/routes/overeenkomsten.$agreementId.evaluaties._index";
import * as recordRoute from "~/routes/overeenkomsten.$agreementId.evaluaties.$momentId";
import * as commitmentsRoute from "~/routes/overeenkomsten.$agreementId.afspraken";
import { db } from "~/utils/db.server";
import { signedInRequest } from "../factories";
import { createCompleteDraft, createSignedAgreement } from "../factories/drafts";
import { callRoute } from "../setup/route";

/** A signed afsprakennota (signing itself is tested in the signing suite). */
async function signedAgreement() {
  const setup = await createSignedAgreement();
  const moment = await db.evaluationMoment.create({ data: { agreementId: setup.agreementId, date: "2027-01-18", label: "Tussentijdse evaluatie" } });
  return { ...setup, moment };
}

describe("commitments from a signed version", () => {
  it("creates one commitment per template commitment with bearer, RASCI roles and a first history entry", async () => {
    const { agreementId, version } = await signedAgreement();
    const snapshot = JSON.parse(version.content) as { commitments: Array<{ key: string; rasci: Record<string, string> }> };
    const commitments = await db.commitment.findMany({ where: { agreementId }, include: { roles: true, statusChanges: true } });
    expect(commitments).toHaveLength(snapshot.commitments.length);
    for (const c of commitments) {
      expect(c.status).toBe("gepland");
      expect(c.versionId).toBe(version.id);
      expect(c.bearerPartyId).not.toBeNull();
      expect(c.statusChanges).toHaveLength(1);
      const expected = snapshot.commitments.find((s) => s.key === c.snapshotKey)!;
      expect(c.roles.length).toBe(Object.keys(expected.rasci).filter((r) => r === "school" || r === "clb").length);
    }
  });

  it("updates status with history and evidence; an unknown status is refused and nothing changes", async () => {
    const { user, userRow, agreementId, audit } = await signedAgreement();
    const commitment = (await db.commitment.findFirst({ where: { agreementId } }))!;
    await updateCommitment({ user, agreementId, audit, input: { commitmentId: commitment.id, status: "lopend", note: "Gestart in oktober.", evidenceUrl: "https://school.example/verslag" } });
    const after = await db.commitment.findUniqueOrThrow({ where: { id: commitment.id }, include: { statusChanges: { orderBy: { changedAt: "asc" } } } });
    expect(after.status).toBe("lopend");
    expect(after.evidenceUrl).toBe("https://school.example/verslag");
    expect(after.statusChanges.map((h) => [h.fromStatus, h.toStatus])).toEqual([[null, "gepland"], ["gepland", "lopend"]]);

    const bad = await callRoute(commitmentsRoute.action, await signedInRequest(userRow.id, "/x", { form: { commitmentId: commitment.id, status: "bijna-klaar" } }), { agreementId });
    expect(bad.status).toBe(400);
    expect((bad.data as { message: string }).message).toBe("Kies een geldige status.");
    expect((await db.commitment.findUniqueOrThrow({ where: { id: commitment.id } })).status).toBe("lopend");
  });
});

describe("evaluation", () => {
  it("records statuses, notes and building-block scores; the chart data shows them", async () => {
    const { user, userRow, agreementId, moment } = await signedAgreement();
    const commitments = await db.commitment.findMany({ where: { agreementId }, take: 2, orderBy: { id: "asc" } });
    const raw: Record<string, string> = {
      [`status:${commitments[0]!.id}`]: "gehaald",
      [`note:${commitments[0]!.id}`]: "Vast aanspreekpunt werkt goed.",
      [`status:${commitments[1]!.id}`]: "niet_gehaald",
      "score:communicatie": "4",
      "text:communicatie": "Korte lijnen.",
      "score:relatie": "3",
    };
    const result = await callRoute(recordRoute.action, await signedInRequest(userRow.id, "/x", { form: raw }), { agreementId, momentId: moment.id });
    expect(result.status).toBe(302);
    expect((await db.commitment.findUniqueOrThrow({ where: { id: commitments[0]!.id } })).status).toBe("gehaald");
    expect((await db.evaluationMoment.findUniqueOrThrow({ where: { id: moment.id } })).status).toBe("afgerond");
    const { history } = await loadEvaluations({ user, agreementId });
    expect(history).toHaveLength(1);
    expect(history[0]!.scores).toEqual({ communicatie: { score: 4, text: "Korte lijnen." }, relatie: { score: 3, text: "" } });
    const page = await callRoute(evaluationsRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId });
    expect((page.data as { history: unknown[] }).history).toHaveLength(1);
  });

  it("keeps a building block's reflection without a score: the score is Akkoord's own optional addition", async () => {
    const { user, userRow, agreementId, moment } = await signedAgreement();
    const raw = { "text:relatie": "We kennen elkaar nu bij naam.", "score:communicatie": "4" };
    const result = await callRoute(recordRoute.action, await signedInRequest(userRow.id, "/x", { form: raw }), { agreementId, momentId: moment.id });
    expect(result.status).toBe(302);
    const { history } = await loadEvaluations({ user, agreementId });
    expect(history[0]!.scores).toEqual({ relatie: { score: null, text: "We kennen elkaar nu bij naam." }, communicatie: { score: 4, text: "" } });
  });

  it("bad input — an unknown status, a score outside 1–5 — gives messages per field and stores nothing", async () => {
    const { userRow, agreementId, moment } = await signedAgreement();
    const commitment = (await db.commitment.findFirst({ where: { agreementId } }))!;
    const form = { [`status:${commitment.id}`]: "super", "score:communicatie": "7", "score:relatie": "2,5" };
    const result = await callRoute(recordRoute.action, await signedInRequest(userRow.id, "/x", { form }), { agreementId, momentId: moment.id });
    expect(result.status).toBe(400);
    const body = result.data as { errors: Record<string, string>; raw: Record<string, string> };
    expect(body.errors).toEqual({
      [`status:${commitment.id}`]: "Kies een geldige status.",
      "score:communicatie": "Geef een score van 1 tot 5.",
      "score:relatie": "Geef een score van 1 tot 5.",
    });
    expect(body.raw["score:communicatie"]).toBe("7");
    expect(await db.evaluationRecord.count({ where: { momentId: moment.id } })).toBe(0);
    expect((await db.commitment.findUniqueOrThrow({ where: { id: commitment.id } })).status).toBe("gepland");
  });

  it("a moment moved outside the school year or onto a holiday is refused; onto a school day it moves", async () => {
    const { userRow, agreementId, moment } = await signedAgreement();
    const move = async (date: string) =>
      callRoute(evaluationsRoute.action, await signedInRequest(userRow.id, "/x", { form: { intent: "move", momentId: moment.id, date } }), { agreementId });
    const outside = await move("2027-09-15");
    expect(outside.status).toBe(400);
    expect((outside.data as { message: string }).message).toBe("Deze datum valt buiten het schooljaar van de overeenkomst (2026-2027).");
    const holiday = await move("2026-12-28");
    expect(holiday.status).toBe(400);
    expect((holiday.data as { message: string }).message).toMatch(/geen schooldag/);
    expect((await db.evaluationMoment.findUniqueOrThrow({ where: { id: moment.id } })).date).toBe("2027-01-18");
    const ok = await move("2027-01-25");
    expect(ok.status).toBe(200);
    expect((await db.evaluationMoment.findUniqueOrThrow({ where: { id: moment.id } })).date).toBe("2027-01-25");
    expect(() => checkMomentDate({ schoolYear: "2026-2027", yearCount: 1 }, "2027-02-30")).toThrow("Kies een geldige datum.");
  });
});

describe("renewal for the next school year", () => {
  it("makes a draft from the signed version: values moved on, open commitments carried over, last evaluation's notes beside their clauses", async () => {
    const { user, agreementId, moment, audit } = await signedAgreement();
    const commitments = await db.commitment.findMany({ where: { agreementId }, orderBy: { id: "asc" } });
    const achieved = commitments[0]!;
    const open = commitments[1]!;
    await recordEvaluation({
      user,
      agreementId,
      momentId: moment.id,
      audit,
      raw: { [`status:${achieved.id}`]: "gehaald", [`status:${open.id}`]: "niet_gehaald", [`note:${open.id}`]: "Lokaal was vaak bezet." },
    });

    const renewed = await renewAgreement({ user, agreementId, audit });
    expect(renewed.schoolYear).toBe("2027-2028");
    expect(renewed.title).toContain("2027-2028");
    expect(renewed.renewedFromId).toBe(agreementId);

    const draft = await loadDraft({ user, agreementId: renewed.id });
    const oldDraft = await loadDraft({ user, agreementId });
    expect(draft.clauses.map((c) => c.previousKey)).toEqual(oldDraft.clauses.map((c) => c.id));
    // School-year values moved on.
    for (const v of draft.variables.filter((v) => v.type === "schoolYear")) expect(draft.values[v.name]).toBe("2027-2028");
    // Carried over: everything not achieved, marked so; the achieved one is not.
    const carried = await db.commitment.findMany({ where: { agreementId: renewed.id } });
    expect(carried.map((c) => c.carriedOverFromId)).toContain(open.id);
    expect(carried.map((c) => c.carriedOverFromId)).not.toContain(achieved.id);
    expect(carried.every((c) => c.carriedOverFromId !== null && c.status === "gepland")).toBe(true);
    // The note is shown beside the clause the commitment came from.
    const clauseKey = open.snapshotKey!.split(":")[0];
    const clause = draft.clauses.find((c) => c.previousKey === clauseKey)!;
    expect(clause.previousYearNotes.join(" ")).toContain("Lokaal was vaak bezet.");
    expect(clause.carriedOver).toContain(open.what);
    // Same parties and signatories; a second renewal for that year is refused.
    expect(draft.signatories).toHaveLength(2);
    await expect(renewAgreement({ user, agreementId, audit })).rejects.toThrow("Er bestaat al een vernieuwing voor schooljaar 2027-2028.");

    // One-click comparison with last year's signed version.
    const { comparison } = await compareWithPreviousYear({ user, agreementId: renewed.id });
    expect(comparison.summary.added + comparison.summary.removed).toBe(0);
    expect(comparison.variables.some((v) => v.newValue === "2027-2028")).toBe(true);
  });

  it("an unsigned agreement can't be renewed", async () => {
    const { user, agreementId, audit } = await createCompleteDraft();
    await expect(renewAgreement({ user, agreementId, audit })).rejects.toThrow("Alleen een ondertekende overeenkomst kan vernieuwd worden.");
  });
});
