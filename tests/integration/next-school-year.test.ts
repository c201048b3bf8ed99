import { describe, expect, it } from "vitest";
import { loadBoard } from "~/domain/renewal/board.server";
import { getRenewalJob, startBulkRenewal, waitForRenewalJob } from "~/domain/renewal/bulk-renew.server";
import * as boardRoute from "~/routes/volgend-schooljaar._index";
import * as jobRoute from "~/routes/volgend-schooljaar.$jobId";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { createFrozenVersion, sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";

// The factories make afsprakennota's for 2026-2027: the board is read in May 2027,
// when next year's nota is drafted. One moment for the whole file.
const NOW = new Date("2027-05-03T08:00:00Z");
const audit = { actorLabel: "test" };

/** A CLB with a member who may renew. */
async function clbWithMember(name = "CLB") {
  const clb = await createOrganisation("clb", `${name} ${Math.random().toString(36).slice(2, 7)}`);
  const member = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  return { clb, member, user: await sessionUserFor(member.id) };
}

/**
 * A school with this year's nota, frozen as a version; "ondertekend" marks it
 * signed as the signing flow would (signing is not what is tested here).
 */
async function schoolWithNota(clb: { id: string }, name: string, status: "ondertekend" | "concept" = "ondertekend") {
  const school = await createOrganisation("school", name);
  const { agreement, version } = await createFrozenVersion({ school, clb, title: `Afsprakennota ${name} 2026-2027` });
  if (status === "ondertekend") {
    await db.agreementVersion.update({ where: { id: version.id }, data: { status: "ondertekend" } });
    await db.agreement.update({ where: { id: agreement.id }, data: { status: "ondertekend" } });
  }
  return { school, agreement };
}

const nextYearNotas = (clbId: string) =>
  db.agreement.findMany({
    where: { schoolYear: "2027-2028", documentType: "afsprakennota", parties: { some: { organisationId: clbId } } },
    include: { parties: true },
  });

describe("bulk renewal from the Volgend schooljaar board", () => {
  it("renews 40 schools with one failing: 39 drafts and one clear error; a second run renews nothing twice", async () => {
    const { clb, member, user } = await clbWithMember();
    const schools: Array<Awaited<ReturnType<typeof schoolWithNota>>> = [];
    for (let i = 0; i < 40; i++) {
      // School 13 has only a concept for this year: it can't be renewed.
      schools.push(await schoolWithNota(clb, `School ${String(i).padStart(2, "0")}`, i === 13 ? "concept" : "ondertekend"));
    }
    const schoolIds = schools.map((s) => s.school.id);

    const first = await startBulkRenewal({ user, schoolIds, send: false, audit, now: NOW });
    await waitForRenewalJob(first.jobId);
    const job = await getRenewalJob({ user, jobId: first.jobId });
    expect(job).toMatchObject({ state: "klaar", total: 40, done: 40, okCount: 39, failedCount: 1, schoolYear: "2027-2028" });
    const failed = job.results.filter((r) => !r.ok);
    expect(failed).toEqual([
      expect.objectContaining({ schoolName: "School 13", message: expect.stringMatching(/geen ondertekende nota voor 2026-2027/i) }),
    ]);

    const drafts = await nextYearNotas(clb.id);
    expect(drafts).toHaveLength(39);
    expect(drafts.every((d) => d.status === "concept" && d.renewedFromId)).toBe(true);
    // Nothing was made for the failing school.
    expect(drafts.some((d) => d.parties.some((p) => p.organisationId === schools[13]!.school.id))).toBe(false);
    // Each renewed draft comes from that school's own signed nota.
    for (const d of drafts) {
      const from = schools.find((s) => s.agreement.id === d.renewedFromId)!;
      expect(d.parties.map((p) => p.organisationId).sort()).toEqual([from.school.id, clb.id].sort());
    }

    // The progress page of the job (as the browser reloads it).
    const page = await callRoute(jobRoute.loader, await signedInRequest(member.id, `/volgend-schooljaar/${first.jobId}`), { jobId: first.jobId });
    expect(page.status).toBe(200);
    expect((page.data as { job: { okCount: number } }).job.okCount).toBe(39);
    // Without JavaScript the page refreshes itself while the job runs, and stops when it is done.
    const refresh = { httpEquiv: "refresh", content: "2" };
    const data = page.data as { job: { state: string } };
    expect(jobRoute.meta({ data } as never)).not.toContainEqual(refresh);
    expect(jobRoute.meta({ data: { ...data, job: { ...data.job, state: "bezig" } } } as never)).toContainEqual(refresh);

    // Again: every renewed school opens the nota it already has, nothing is made twice.
    const second = await startBulkRenewal({ user, schoolIds, send: false, audit, now: NOW });
    await waitForRenewalJob(second.jobId);
    const again = await getRenewalJob({ user, jobId: second.jobId });
    expect(again).toMatchObject({ okCount: 0, failedCount: 40 });
    const existing = again.results.filter((r) => /heeft al een nota voor 2027-2028 → opent die/i.test(r.message));
    expect(existing).toHaveLength(39);
    expect(existing.map((r) => r.agreementId).sort()).toEqual(drafts.map((d) => d.id).sort());
    expect(await nextYearNotas(clb.id)).toHaveLength(39);
  }, 120_000);

  it("refuses schools that are not the CLB's, and users who may not renew", async () => {
    const { clb, user } = await clbWithMember();
    const other = await clbWithMember("Ander CLB");
    const { school: foreign } = await schoolWithNota(other.clb, "School van een ander CLB");
    await expect(startBulkRenewal({ user, schoolIds: [foreign.id], send: false, audit, now: NOW })).rejects.toMatchObject({ status: 400 });
    await expect(startBulkRenewal({ user, schoolIds: [], send: false, audit, now: NOW })).rejects.toMatchObject({ status: 400 });
    // A school's directie has no board.
    const { school } = await schoolWithNota(clb, "Eigen school");
    const directie = await sessionUserFor((await createUser([{ organisationId: school.id, role: "directie" }])).id);
    await expect(startBulkRenewal({ user: directie, schoolIds: [school.id], send: false, audit, now: NOW })).rejects.toMatchObject({ status: 403 });
    expect(await nextYearNotas(clb.id)).toHaveLength(0);
    expect(await nextYearNotas(other.clb.id)).toHaveLength(0);
  });
});

describe("the Volgend schooljaar board", () => {
  it("counts each school's next-year nota and this year's evaluation, filters, and shows only the CLB's own schools", async () => {
    const { clb, user } = await clbWithMember();
    const make = (name: string, status: "ondertekend" | "concept" = "ondertekend") => schoolWithNota(clb, name, status);
    const [concept, sent, signed, evaluated, onlyConcept] = [
      await make("A concept volgend jaar"),
      await make("B verstuurd volgend jaar"),
      await make("C ondertekend volgend jaar"),
      await make("D geëvalueerd"),
      await make("E enkel concept", "concept"),
    ];
    for (const [s, status] of [
      [concept, "concept"],
      [sent, "ter_ondertekening"],
      [signed, "ondertekend"],
    ] as const) {
      await db.agreement.create({
        data: {
          documentType: "afsprakennota",
          title: `Nota ${s.school.name} 2027-2028`,
          schoolYear: "2027-2028",
          status,
          renewedFromId: s.agreement.id,
          parties: { create: [{ organisationId: s.school.id, partyRole: "school", position: 0 }, { organisationId: clb.id, partyRole: "clb", position: 1 }] },
        },
      });
    }
    await db.evaluationMoment.create({ data: { agreementId: evaluated.agreement.id, date: "2027-01-15", label: "Tussentijdse evaluatie", status: "afgerond" } });
    // Another CLB's school, with a signed nota: never on this board.
    const other = await clbWithMember("Ander CLB");
    await schoolWithNota(other.clb, "Z school van een ander CLB");

    const none = { state: null, evaluation: null, municipality: null };
    const board = await loadBoard({ user, filters: none, now: NOW });
    expect(board).toMatchObject({ thisYear: "2026-2027", nextYear: "2027-2028", total: 5 });
    expect(board.stateCounts).toEqual({ geen: 2, concept: 1, verstuurd: 1, ondertekend: 1 });
    expect(board.evaluationCounts).toEqual({ niet_gehouden: 4, gehouden: 1 });
    expect(board.schools.map((s) => [s.name, s.next.state, s.evaluation, s.renewable])).toEqual([
      ["A concept volgend jaar", "concept", "niet_gehouden", false],
      ["B verstuurd volgend jaar", "verstuurd", "niet_gehouden", false],
      ["C ondertekend volgend jaar", "ondertekend", "niet_gehouden", false],
      ["D geëvalueerd", "geen", "gehouden", true],
      ["E enkel concept", "geen", "niet_gehouden", false],
    ]);
    expect(onlyConcept.school.name).toBe("E enkel concept");

    const geen = await loadBoard({ user, filters: { ...none, state: "geen" }, now: NOW });
    expect(geen.schools.map((s) => s.name)).toEqual(["D geëvalueerd", "E enkel concept"]);
    const held = await loadBoard({ user, filters: { ...none, evaluation: "gehouden" }, now: NOW });
    expect(held.schools.map((s) => s.name)).toEqual(["D geëvalueerd"]);

    // The other CLB sees only its own school.
    const theirs = await loadBoard({ user: other.user, filters: none, now: NOW });
    expect(theirs.schools.map((s) => s.name)).toEqual(["Z school van een ander CLB"]);
  });

  it("is not for a school's members, nor for another organisation", async () => {
    const { clb, member } = await clbWithMember();
    const { school } = await schoolWithNota(clb, "School met directie");
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    const refused = await callRoute(boardRoute.loader, await signedInRequest(directie.id, "/volgend-schooljaar"));
    expect(refused.status).toBe(403);
    const post = await callRoute(boardRoute.action, await signedInRequest(directie.id, "/volgend-schooljaar", { form: { organisationId: clb.id, school: [school.id] } }));
    expect(post.status).toBe(403);
    const other = await clbWithMember("Ander CLB");
    const foreign = await callRoute(boardRoute.loader, await signedInRequest(member.id, `/volgend-schooljaar?organisatie=${other.clb.id}`));
    expect(foreign.status).toBe(404);
    const own = await callRoute(boardRoute.loader, await signedInRequest(member.id, "/volgend-schooljaar"));
    expect(own.status).toBe(200);
    expect((own.data as { organisation: { id: string } }).organisation.id).toBe(clb.id);
    // No school chosen: a clear message, no job.
    const empty = await callRoute(boardRoute.action, await signedInRequest(member.id, "/volgend-schooljaar", { form: { organisationId: clb.id } }));
    expect(empty.status).toBe(400);
    expect(empty.data).toEqual({ message: "Kies minstens één school." });
    expect(await db.auditEvent.count({ where: { action: "renewal.bulk-started", data: { contains: clb.id } } })).toBe(0);
  });
});
