import { beforeAll, describe, expect, it } from "vitest";
import { addClause, moveClause, removeClause, updateClauseText, addSignatory } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { loadTemplateLibrary } from "~/domain/templates/load-templates.server";
import * as detailRoute from "~/routes/overeenkomsten.$agreementId._index";
import * as clauseRoute from "~/routes/overeenkomsten.$agreementId.clausules.$clauseId";
import * as libraryRoute from "~/routes/overeenkomsten.$agreementId.bibliotheek";
import * as fillRoute from "~/routes/overeenkomsten.$agreementId.invullen";
import * as newRoute from "~/routes/overeenkomsten.nieuw";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";
import { buildRequest, createOrganisation, createUser, linkSchool, signedInRequest } from "../factories";
import { sampleRaw, sessionUserFor } from "../factories/drafts";
import { callRoute } from "../setup/route";

const audit = { ipAddress: "127.0.0.1", userAgent: "vitest" };

async function createDraft(userId: string, form: Record<string, string>) {
  const result = await callRoute(newRoute.action, await signedInRequest(userId, "/overeenkomsten/nieuw", { form }));
  expect(result.status).toBe(302);
  return result.location!.split("/").pop()!;
}

describe("drafting the four document types", () => {
  let school: { id: string; name: string };
  let clb: { id: string };
  let brug: { id: string };
  let stad: { id: string };
  let directie: { id: string };
  let clbUser: { id: string };
  let coordinator: { id: string };

  beforeAll(async () => {
    school = await createOrganisation("school", "VBS De Wereldreiziger");
    clb = await createOrganisation("clb", "CLB Waasland");
    brug = await createOrganisation("brugfiguren", "Brugfiguren Sint-Niklaas");
    stad = await createOrganisation("lokaal_bestuur", "Stad Sint-Niklaas");
    // A service drafts only with the schools it works with (issue 12, point 2).
    await linkSchool(brug.id, school.id);
    directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    coordinator = await createUser([{ organisationId: brug.id, role: "coordinator" }]);
  });

  const library = loadTemplateLibrary();
  const cases = () => [
    { type: "afsprakennota", user: clbUser, own: clb, counterpart: school },
    { type: "engagementsverklaring-brugfiguren", user: coordinator, own: brug, counterpart: school },
    { type: "samenwerkingsovereenkomst", user: coordinator, own: brug, counterpart: stad },
    { type: "engagementsverklaring-ouders", user: directie, own: school, counterpart: undefined },
  ];

  // Issue 15: a new afsprakennota starts from the short nota (the type's leanClauses); the other types from their defaults.
  it("each type starts from its default clauses (the short nota where the type has one), in section order, with provenance", async () => {
    for (const c of cases()) {
      const id = await createDraft(c.user.id, {
        documentType: c.type,
        schoolYear: "2026-2027",
        ownOrganisationId: c.own.id,
        ...(c.counterpart ? { counterpartOrganisationId: c.counterpart.id } : {}),
      });
      const draft = await loadDraft({ user: await sessionUserFor(c.user.id), agreementId: id });
      const defaults = library.defaultClausesFor(c.type, { set: "kort", level: "basis" });
      expect(draft.clauses.map((cl) => cl.templateId).sort()).toEqual(defaults.map((d) => d.id).sort());
      for (const clause of draft.clauses) {
        expect(clause.templateVersion).toBe(library.clauses.get(clause.templateId!)!.version);
        expect(clause.modified).toBe(false);
      }
      const sectionOrder = draft.type.sections.map((s) => s.id);
      const indexes = draft.clauses.map((cl) => sectionOrder.indexOf(cl.section));
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
      expect(draft.completeness.missingSections).toEqual([]);
    }
  });
});

describe("editing a draft", () => {
  let clbUser: SessionUser;
  let agreementId: string;
  let school: { id: string; name: string };
  let clb: { id: string; name: string };

  beforeAll(async () => {
    school = await createOrganisation("school", "Basisschool Het Klavertje");
    clb = await createOrganisation("clb", "CLB Reynaertland");
    const user = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    clbUser = await sessionUserFor(user.id);
    // The full nota: these tests edit a clause without variables, which the short nota has none of.
    agreementId = await createDraft(user.id, {
      documentType: "afsprakennota",
      schoolYear: "2026-2027",
      ownOrganisationId: clb.id,
      counterpartOrganisationId: school.id,
      clauseSet: "volledig",
    });
  });

  const rev = async () => (await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision;
  const ctx = async () => ({ user: clbUser, agreementId, revision: await rev(), audit });

  it("removes a clause, adds it back from the library at the end of its section", async () => {
    const draft = await loadDraft({ user: clbUser, agreementId });
    const section = draft.sections.find((s) => s.clauses.length >= 2)!;
    const victim = section.clauses[0]!;
    await removeClause({ ...(await ctx()), clauseId: victim.id });
    let after = await loadDraft({ user: clbUser, agreementId });
    expect(after.clauses.some((c) => c.id === victim.id)).toBe(false);

    await addClause({ ...(await ctx()), templateId: victim.templateId! });
    after = await loadDraft({ user: clbUser, agreementId });
    const sectionClauses = after.sections.find((s) => s.id === section.id)!.clauses;
    expect(sectionClauses.at(-1)!.templateId).toBe(victim.templateId);
  });

  it("refuses to remove the last clause of a required section", async () => {
    const draft = await loadDraft({ user: clbUser, agreementId });
    const section = draft.sections.find((s) => s.required && s.clauses.length === 1);
    if (!section) {
      // Make one: remove all but one clause of a required section.
      const s = draft.sections.find((x) => x.required && x.clauses.length > 1)!;
      for (const c of s.clauses.slice(1)) await removeClause({ ...(await ctx()), clauseId: c.id });
    }
    const again = await loadDraft({ user: clbUser, agreementId });
    const lone = again.sections.find((s) => s.required && s.clauses.length === 1)!;
    await expect(removeClause({ ...(await ctx()), clauseId: lone.clauses[0]!.id })).rejects.toThrow(/verplicht/);
  });

  it("reorders within a section", async () => {
    const draft = await loadDraft({ user: clbUser, agreementId });
    const section = draft.sections.find((s) => s.clauses.length >= 2)!;
    const [first, second] = section.clauses;
    await moveClause({ ...(await ctx()), clauseId: second!.id, direction: "up" });
    const after = (await loadDraft({ user: clbUser, agreementId })).sections.find((s) => s.id === section.id)!;
    expect(after.clauses.slice(0, 2).map((c) => c.id)).toEqual([second!.id, first!.id]);
    await expect(moveClause({ ...(await ctx()), clauseId: second!.id, direction: "up" })).rejects.toThrow("bovenaan");
  });

  it("edits a clause for this agreement only: provenance kept, marked aangepast", async () => {
    const draft = await loadDraft({ user: clbUser, agreementId });
    const clause = draft.clauses.find((c) => c.variableDefs.length === 0)!;
    await updateClauseText({ ...(await ctx()), clauseId: clause.id, title: clause.title, body: "Onze eigen afspraak. Kort en duidelijk." });
    const after = (await loadDraft({ user: clbUser, agreementId })).clauses.find((c) => c.id === clause.id)!;
    expect(after).toMatchObject({ templateId: clause.templateId, templateVersion: clause.templateVersion, modified: true, text: "Onze eigen afspraak. Kort en duidelijk." });
    // The library itself is untouched.
    expect(loadTemplateLibrary().clauses.get(clause.templateId!)!.body).not.toContain("Onze eigen afspraak");
  });

  it("fills variables through the form; completeness follows", async () => {
    const before = await loadDraft({ user: clbUser, agreementId });
    expect(before.completeness.complete).toBe(false);
    expect(before.completeness.partiesWithoutSignatory).toEqual(["Basisschool Het Klavertje", "CLB Reynaertland"]);
    const form: Record<string, string> = { revision: String(before.agreement.draftRevision) };
    for (const v of before.variables) {
      if (before.values[v.name] !== undefined && before.values[v.name] !== null) continue;
      form[`v:${v.name}`] = sampleRaw(v as never);
    }
    const result = await callRoute(fillRoute.action, await signedInRequest(clbUser.id, "/x", { form }), { agreementId });
    expect(result.status).toBe(302);
    for (const party of before.parties) {
      await addSignatory({ ...(await ctx()), input: { partyId: party.id, name: `Directeur ${party.name}`, functionTitle: "directeur", email: `dir-${party.id}@test.example`, kind: "signer" } });
    }
    const after = await loadDraft({ user: clbUser, agreementId });
    expect(after.completeness).toEqual({ complete: true, missingSections: [], unfilledVariables: [], partiesWithoutSignatory: [], partyCounts: [] });
    expect(after.clauses.every((c) => c.missing.length === 0)).toBe(true);
  });

  it("a second save based on the same revision is refused with the current text, nothing overwritten", async () => {
    const draft = await loadDraft({ user: clbUser, agreementId });
    const clause = draft.clauses.find((c) => c.variableDefs.length === 0 && !c.modified)!;
    const revision = String(draft.agreement.draftRevision);
    const url = `/overeenkomsten/${agreementId}/clausules/${clause.id}`;
    const params = { agreementId, clauseId: clause.id };
    const first = await callRoute(clauseRoute.action, await signedInRequest(clbUser.id, url, { form: { title: clause.title, body: "Versie van Nadia.", revision } }), params);
    expect(first.status).toBe(302);
    const second = await callRoute(clauseRoute.action, await signedInRequest(clbUser.id, url, { form: { title: clause.title, body: "Versie van Koen.", revision } }), params);
    expect(second.status).toBe(409);
    const reply = second.data as { error: Record<string, string[]>; initialValue: Record<string, string> };
    expect(reply.error[""]![0]).toMatch(/^Iemand anders heeft dit concept intussen gewijzigd/);
    expect(reply.initialValue.body).toBe("Versie van Koen.");
    const page = await callRoute(clauseRoute.loader, await signedInRequest(clbUser.id, url), params);
    expect((page.data as { clause: { body: string } }).clause.body).toBe("Versie van Nadia.");
  });
});

describe("bad input while drafting stores nothing", () => {
  let user: { id: string };
  let agreementId: string;
  const snapshot = async () => {
    const a = await db.agreement.findUniqueOrThrow({ where: { id: agreementId }, include: { draftClauses: { orderBy: { id: "asc" } } } });
    return JSON.stringify(a.draftClauses.map((c) => [c.id, c.title, c.body, c.position])) + a.draftValues;
  };

  beforeAll(async () => {
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    user = await createUser([{ organisationId: school.id, role: "directie" }]);
    agreementId = await createDraft(user.id, { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: school.id, counterpartOrganisationId: clb.id });
  });

  const revision = async () => String((await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision);

  it("an unknown template id", async () => {
    const before = await snapshot();
    const result = await callRoute(libraryRoute.action, await signedInRequest(user.id, "/x", { form: { templateId: "bestaat-niet", revision: await revision() } }), { agreementId });
    expect(result.status).toBe(400);
    expect((result.data as { message: string }).message).toBe("Deze clausule bestaat niet in de bibliotheek.");
    expect(await snapshot()).toBe(before);
  });

  it("a template of another document type", async () => {
    const result = await callRoute(libraryRoute.action, await signedInRequest(user.id, "/x", { form: { templateId: "brugfiguur-op-mdo", revision: await revision() } }), { agreementId });
    expect(result.status).toBe(400);
    expect((result.data as { message: string }).message).toBe("Deze clausule past niet in deze soort overeenkomst.");
  });

  it("a variable of the wrong type: errors per field, input kept", async () => {
    const draft = await loadDraft({ user: await sessionUserFor(user.id), agreementId });
    const numberVar = draft.variables.find((v) => v.type === "number");
    const dateVar = draft.variables.find((v) => v.type === "date") ?? draft.variables.find((v) => v.type === "schoolYear");
    expect(numberVar ?? dateVar).toBeDefined();
    const before = await snapshot();
    const form: Record<string, string> = { revision: await revision() };
    if (numberVar) form[`v:${numberVar.name}`] = "veel";
    if (dateVar) form[`v:${dateVar.name}`] = "31/02/2027";
    const result = await callRoute(fillRoute.action, await signedInRequest(user.id, "/x", { form }), { agreementId });
    expect(result.status).toBe(400);
    const body = result.data as { errors: Record<string, string>; raw: Record<string, string> };
    if (numberVar) {
      expect(body.errors[numberVar.name]).toMatch(/getal/);
      expect(body.raw[numberVar.name]).toBe("veel");
    }
    if (dateVar) {
      expect(body.errors[dateVar.name]).toBe(
        dateVar.type === "date" ? "Vul een geldige datum in (dd/mm/jjjj of jjjj-mm-dd)." : "Vul een schooljaar in zoals 2026-2027.",
      );
    }
    expect(await snapshot()).toBe(before);
  });

  it("clause text over 20,000 characters, and HTML or script", async () => {
    const draft = await loadDraft({ user: await sessionUserFor(user.id), agreementId });
    const clause = draft.clauses[0]!;
    const url = `/overeenkomsten/${agreementId}/clausules/${clause.id}`;
    const params = { agreementId, clauseId: clause.id };
    const before = await snapshot();
    const long = await callRoute(clauseRoute.action, await signedInRequest(user.id, url, { form: { title: "T", body: "a".repeat(20_001), revision: await revision() } }), params);
    expect(long.status).toBe(400);
    expect((long.data as { error: Record<string, string[]> }).error.body).toEqual(["De tekst mag hoogstens 20.000 tekens hebben."]);
    const html = await callRoute(clauseRoute.action, await signedInRequest(user.id, url, { form: { title: "Titel", body: "Hallo <script>alert(1)</script>", revision: await revision() } }), params);
    expect(html.status).toBe(400);
    expect((html.data as { error: Record<string, string[]> }).error.body).toEqual(["Gebruik gewone tekst. HTML-code zoals <script> of <b> is niet toegelaten."]);
    const unknownVar = await callRoute(clauseRoute.action, await signedInRequest(user.id, url, { form: { title: "Titel", body: "Tekst met {{bestaatNiet}}.", revision: await revision() } }), params);
    expect(unknownVar.status).toBe(400);
    expect(await snapshot()).toBe(before);
  });

  it("an unknown intent or a missing revision is a Dutch 400", async () => {
    const result = await callRoute(detailRoute.action, await signedInRequest(user.id, "/x", { form: { intent: "move", clauseId: "x" } }), { agreementId });
    expect(result.status).toBe(400);
    expect((result.data as { message: string }).message).toMatch(/formulier was onvolledig/);
  });

  it("anonymous visitors are sent to sign in", async () => {
    const result = await callRoute(fillRoute.loader, buildRequest(`/overeenkomsten/${agreementId}/invullen`), { agreementId });
    expect(result.status).toBe(302);
  });
});
