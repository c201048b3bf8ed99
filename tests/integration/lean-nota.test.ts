// Issue 15 (last points) and 17: a new afsprakennota starts from the short nota, for the level of
// education chosen on the form; the full set is one click away in the clause library, which shows
// each clause as a plain summary (no {{placeholders}}); renewal keeps the level.
import { beforeAll, describe, expect, it } from "vitest";
import { renewAgreement } from "~/domain/renewal/renew-agreement.server";
import { syncCommitmentsFromVersion } from "~/domain/commitments/sync-commitments.server";
import { loadTemplateLibrary } from "~/domain/templates/load-templates.server";
import { LEAN_MAX_CLAUSES } from "~/domain/templates/schema";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import * as libraryRoute from "~/routes/overeenkomsten.$agreementId.bibliotheek";
import * as newRoute from "~/routes/overeenkomsten.nieuw";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { createCompleteDraft } from "../factories/drafts";
import { callRoute } from "../setup/route";

const library = loadTemplateLibrary();

type LibraryData = { agreement: { revision: number }; missingFromFullSet: number; added: number | null; results: Array<{ id: string; summary: string; inDraft: boolean }> };

describe("a new afsprakennota: the short nota by default, the full set one click away", () => {
  let clbUser: { id: string };
  let clb: { id: string };

  beforeAll(async () => {
    clb = await createOrganisation("clb", "CLB Waasland");
    clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  });

  /** Drafts a nota with a new school through the form; returns its id. */
  async function draft(extra: Record<string, string> = {}) {
    const school = await createOrganisation("school");
    const form = { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id, ...extra };
    const result = await callRoute(newRoute.action, await signedInRequest(clbUser.id, "/overeenkomsten/nieuw", { form }));
    expect(result.status).toBe(302);
    return result.location!.split("/").pop()!;
  }
  const clausesOf = (agreementId: string) => db.draftClause.findMany({ where: { agreementId }, orderBy: { id: "asc" } });
  const libraryPage = async (agreementId: string) =>
    (await callRoute(libraryRoute.loader, await signedInRequest(clbUser.id, `/overeenkomsten/${agreementId}/bibliotheek`), { agreementId })).data as LibraryData;
  const addFullSet = async (agreementId: string, revision: number) =>
    callRoute(
      libraryRoute.action,
      await signedInRequest(clbUser.id, `/overeenkomsten/${agreementId}/bibliotheek`, { form: { intent: "volledige-nota", revision: String(revision) } }),
      { agreementId },
    );

  it("without a choice: at most 15 clauses, the short nota for basisonderwijs", async () => {
    const id = await draft();
    const clauses = await clausesOf(id);
    expect(clauses.length).toBeLessThanOrEqual(LEAN_MAX_CLAUSES);
    expect(clauses.map((c) => c.templateId).sort()).toEqual(library.defaultClausesFor("afsprakennota", { set: "kort", level: "basis" }).map((c) => c.id).sort());
    expect((await db.agreement.findUniqueOrThrow({ where: { id } })).educationLevel).toBe("basis");
  });

  it("'Volledige nota' gives the full set", async () => {
    const clauses = await clausesOf(await draft({ clauseSet: "volledig" }));
    const full = library.defaultClausesFor("afsprakennota", { set: "volledig", level: "basis" }).map((c) => c.id);
    expect(full.length).toBeGreaterThan(LEAN_MAX_CLAUSES);
    expect(clauses.map((c) => c.templateId).sort()).toEqual([...full].sort());
  });

  it("secundair: no boekentas or kleuter clause, but exams and onderwijsloopbaan; the level is stored", async () => {
    for (const clauseSet of ["kort", "volledig"]) {
      const id = await draft({ educationLevel: "secundair", clauseSet });
      const clauses = await clausesOf(id);
      const ids = clauses.map((c) => c.templateId);
      expect(ids, clauseSet).toContain("examenperiodes-en-klassenraden");
      expect(ids, clauseSet).toContain("domein-onderwijsloopbaan-secundair");
      expect(ids, clauseSet).not.toContain("domein-onderwijsloopbaan");
      for (const c of clauses) expect(`${c.title} ${c.body} ${c.variables} ${c.commitments}`, c.templateId!).not.toMatch(/boekentas|kleuter/i);
      expect((await db.agreement.findUniqueOrThrow({ where: { id } })).educationLevel).toBe("secundair");
    }
  });

  it("buitengewoon: the consultation with the pedagogische begeleidingsdienst is in the short nota", async () => {
    const ids = (await clausesOf(await draft({ educationLevel: "buitengewoon" }))).map((c) => c.templateId);
    expect(ids.length).toBeLessThanOrEqual(LEAN_MAX_CLAUSES);
    expect(ids).toContain("buitengewoon-overleg-met-pbd");
    expect(ids).not.toContain("examenperiodes-en-klassenraden");
  });

  it("an unknown level or clause set: a Dutch 400 next to the field, nothing stored", async () => {
    const school = await createOrganisation("school");
    const before = await db.agreement.count();
    const form = { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id, educationLevel: "lager", clauseSet: "middel" };
    const result = await callRoute(newRoute.action, await signedInRequest(clbUser.id, "/overeenkomsten/nieuw", { form }));
    expect(result.status).toBe(400);
    const reply = result.data as { error: Record<string, string[]> };
    expect(reply.error.educationLevel).toEqual(["Kies het onderwijsniveau."]);
    expect(reply.error.clauseSet).toEqual(["Kies een korte of een volledige nota."]);
    expect(await db.agreement.count()).toBe(before);
  });

  it("the library shows every clause as a summary without {{placeholders}}, with the draft's values", async () => {
    const id = await draft();
    const page = await libraryPage(id);
    expect(page.results.length).toBeGreaterThan(LEAN_MAX_CLAUSES);
    expect(JSON.stringify(page)).not.toContain("{{");
    // The CLB answers within two working days by default: the value, in words, not {{antwoordTermijn}}.
    expect(page.results.find((r) => r.id === "clb-bereikbaarheid")!.summary).toContain("binnen twee werkdagen");
    // Only the clauses for the draft's level.
    expect(page.results.map((r) => r.id)).not.toContain("examenperiodes-en-klassenraden");
  });

  it("'Alle clausules van de volledige nota toevoegen' adds the missing clauses once", async () => {
    const id = await draft();
    const before = await clausesOf(id);
    const page = await libraryPage(id);
    const full = library.defaultClausesFor("afsprakennota", { set: "volledig", level: "basis" }).map((c) => c.id);
    const missing = full.filter((t) => !before.some((c) => c.templateId === t));
    expect(page.missingFromFullSet).toBe(missing.length);

    const first = await addFullSet(id, page.agreement.revision);
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/overeenkomsten/${id}/bibliotheek?toegevoegd=${missing.length}`);
    const after = await clausesOf(id);
    expect(after).toHaveLength(before.length + missing.length);
    expect(new Set(after.map((c) => c.templateId)).size).toBe(after.length);
    for (const t of full) expect(after.map((c) => c.templateId)).toContain(t);
    // Each added clause at the end of its section: positions stay unique within a section.
    const keys = after.map((c) => `${c.section}:${c.position}`);
    expect(new Set(keys).size).toBe(keys.length);

    // The same click again (a double submit) is refused as stale and adds nothing; with the
    // current revision there is nothing left to add.
    const stale = await addFullSet(id, page.agreement.revision);
    expect(stale.status).toBe(409);
    const again = await libraryPage(id);
    expect(again.missingFromFullSet).toBe(0);
    const second = await addFullSet(id, again.agreement.revision);
    expect(second.location).toBe(`/overeenkomsten/${id}/bibliotheek?toegevoegd=0`);
    expect(await clausesOf(id)).toHaveLength(after.length);
  });
});

describe("renewal keeps the level of education", () => {
  it("a signed secundair nota is renewed as secundair", async () => {
    const setup = await createCompleteDraft();
    await db.agreement.update({ where: { id: setup.agreementId }, data: { educationLevel: "secundair" } });
    const version = await freezeDraft({ user: setup.user, agreementId: setup.agreementId, revision: await setup.revision(), audit: setup.audit });
    await db.$transaction(async (tx) => {
      await tx.agreementVersion.update({ where: { id: version.id }, data: { status: "ondertekend" } });
      await tx.agreement.update({ where: { id: setup.agreementId }, data: { status: "ondertekend" } });
      await syncCommitmentsFromVersion(tx, version.id);
    });
    const renewed = await renewAgreement({ user: setup.user, agreementId: setup.agreementId, audit: setup.audit, now: new Date("2027-05-20T10:00:00Z") });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: renewed.id } })).educationLevel).toBe("secundair");
  });
});
