import { describe, expect, it } from "vitest";
import { saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import * as detailRoute from "~/routes/overeenkomsten.$agreementId._index";
import * as compareRoute from "~/routes/overeenkomsten.$agreementId.vergelijk";
import * as versionRoute from "~/routes/overeenkomsten.$agreementId.versies.$number";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { createCompleteDraft, sampleRaw } from "../factories/drafts";
import { callRoute } from "../setup/route";

// Issue 17: the draft page as a document a person can work in.

type Page = Awaited<ReturnType<typeof detailRoute.loader>>;
type Result = { area?: string; added?: string; message?: string; ok?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string> };

async function newDraft() {
  const school = await createOrganisation("school", "VBS Het Anker");
  const clb = await createOrganisation("clb", "CLB Anker");
  const clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  const created = await callRoute(
    (await import("~/routes/overeenkomsten.nieuw")).action,
    await signedInRequest(clbUser.id, "/overeenkomsten/nieuw", { form: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: clb.id, counterpartOrganisationId: school.id } }),
  );
  const agreementId = created.location!.split("/").pop()!;
  const page = async (url = "/x") => (await callRoute(detailRoute.loader, await signedInRequest(clbUser.id, url), { agreementId })).data as Page;
  const post = async (form: Record<string, string>) => callRoute(detailRoute.action, await signedInRequest(clbUser.id, "/x", { form }), { agreementId });
  const revision = async () => (await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision;
  return { school, clb, clbUser, agreementId, page, post, revision };
}

/** The first clause with an input in its text for a variable of `type` that is still empty. */
function clauseWithEmpty(page: Page, type: string) {
  for (const section of page.sections) {
    for (const clause of section.clauses) {
      for (const line of clause.lines) {
        for (const part of line.parts) {
          if (part.kind !== "input") continue;
          const field = page.fields[part.name];
          if (field && field.type === type && field.missing) return { clause, field };
        }
      }
    }
  }
  throw new Error(`no clause with an empty ${type} value`);
}

describe("the draft page's first screen", () => {
  it("lists what is left to do, counted: values per section, the party to accept, the signatories to name", async () => {
    const { page } = await newDraft();
    const data = await page();
    const unfilled = data.completeness.unfilledVariables.length;
    expect(unfilled).toBeGreaterThan(0);
    const texts = data.tasks.map((t) => t.text);
    expect(texts[0]).toMatch(new RegExp(`^${unfilled} gegevens nog in te vullen, in \\d+ rubrieken?$`));
    expect(texts).toContain("VBS Het Anker heeft de uitnodiging als partij nog niet aanvaard");
    expect(texts).toContain("Nog geen ondertekenaar voor VBS Het Anker en CLB Anker");
    // Each section says how many of its values are still empty; the link jumps to the first such section.
    const withOpen = data.sections.filter((s) => s.unfilledCount > 0);
    expect(withOpen.length).toBeGreaterThan(0);
    expect(data.tasks[0]!.href).toBe(`#rubriek-${withOpen[0]!.id}`);
    // Technical provenance stays available, but the clause's text carries no "{{name}}".
    const allText = JSON.stringify(data.sections.flatMap((s) => s.clauses.flatMap((c) => c.lines)));
    expect(allText).not.toMatch(/\{\{/);
  });
});

describe("values filled in where they stand in the text (intent save-values)", () => {
  it("saves one clause's value with the draft revision and reopens the page at that clause, saying so", async () => {
    const { page, post, revision, agreementId } = await newDraft();
    const before = await page();
    const { clause, field } = clauseWithEmpty(before, "text");
    const result = await post({ intent: "save-values", clauseId: clause.id, revision: String(await revision()), [`v:${field.name}`]: "Meester Jan" });
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/overeenkomsten/${agreementId}?bewaard=${clause.id}#clausule-${clause.id}`);
    const after = await page(`/x?bewaard=${clause.id}`);
    expect(after.savedClause).toBe(clause.id);
    expect(after.fields[field.name]).toMatchObject({ value: "Meester Jan", missing: false });
    const shown = after.sections.flatMap((s) => s.clauses).find((c) => c.id === clause.id)!;
    expect(shown.text).toContain("Meester Jan");
    expect(after.completeness.unfilledVariables.length).toBe(before.completeness.unfilledVariables.length - 1);
  });

  it("a wrong value answers 400 next to that clause and keeps what was typed; nothing is saved", async () => {
    const { page, post, revision } = await newDraft();
    const { clause, field } = clauseWithEmpty(await page(), "date");
    const rev = await revision();
    const result = await post({ intent: "save-values", clauseId: clause.id, revision: String(rev), [`v:${field.name}`]: "volgende week" });
    expect(result.status).toBe(400);
    const body = result.data as Result;
    expect(body.area).toBe(clause.id);
    expect(body.fieldErrors?.[field.name]).toEqual(["Vul een geldige datum in (dd/mm/jjjj of jjjj-mm-dd)."]);
    expect(body.values?.[field.name]).toBe("volgende week");
    expect(await revision()).toBe(rev);
  });

  it("an outdated revision is refused (409) and does not overwrite a newer value", async () => {
    const { page, post, revision } = await newDraft();
    const { clause, field } = clauseWithEmpty(await page(), "text");
    const stale = String(await revision());
    expect((await post({ intent: "save-values", clauseId: clause.id, revision: stale, [`v:${field.name}`]: "Eerste" })).status).toBe(302);
    const second = await post({ intent: "save-values", clauseId: clause.id, revision: stale, [`v:${field.name}`]: "Tweede" });
    expect(second.status).toBe(409);
    expect((second.data as Result).area).toBe(clause.id);
    expect((await page()).fields[field.name]!.value).toBe("Eerste");
  });

  it("a stranger's post is a 404; a field that is not in the draft is a 400", async () => {
    const { page, post, revision, agreementId } = await newDraft();
    const { clause, field } = clauseWithEmpty(await page(), "text");
    const stranger = await createUser([{ organisationId: (await createOrganisation("school")).id, role: "directie" }]);
    const foreign = await callRoute(
      detailRoute.action,
      await signedInRequest(stranger.id, "/x", { form: { intent: "save-values", clauseId: clause.id, revision: String(await revision()), [`v:${field.name}`]: "x" } }),
      { agreementId },
    );
    expect(foreign.status).toBe(404);
    const unknown = await post({ intent: "save-values", clauseId: clause.id, revision: String(await revision()), "v:bestaatNiet": "x" });
    expect(unknown.status).toBe(400);
    expect((await page()).fields[field.name]!.missing).toBe(true);
  });
});

describe("the signatory form", () => {
  it("answers next to itself: an added person clears the form (keyed by them), a second click says 'already there' once, at the e-mail field", async () => {
    const { page, post, revision } = await newDraft();
    const clbParty = (await page()).parties.find((p) => p.name === "CLB Anker")!;
    const form = { intent: "add-signatory", partyId: clbParty.id, name: "Els Claes", functionTitle: "directeur", email: "els@anker.example", kind: "signer" };
    const first = await post({ ...form, revision: String(await revision()) });
    expect(first.status).toBe(200);
    const added = first.data as Result;
    expect(added).toMatchObject({ ok: "Ondertekenaar toegevoegd.", area: "signatories" });
    expect(added.added).toBe((await page()).signatories[0]!.id);
    const again = await post({ ...form, revision: String(await revision()) });
    expect(again.status).toBe(400);
    const refused = again.data as Result;
    expect(refused.area).toBe("signatories");
    expect(refused.fieldErrors).toEqual({ email: ["Deze persoon staat al bij deze partij."] });
    expect(refused.added).toBeUndefined();
  });
});

describe("technical text on the version pages", () => {
  it("the version page shows a short fingerprint (four groups of four), the full hash only on demand", async () => {
    const { user, userRow, agreementId, revision, audit } = await createCompleteDraft();
    const version = await freezeDraft({ user, agreementId, revision: await revision(), audit });
    const result = await callRoute(versionRoute.loader, await signedInRequest(userRow.id, "/x"), { agreementId, number: "1" });
    const data = result.data as { version: { fingerprint: string; hash: string } };
    expect(data.version.fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    expect(data.version.fingerprint.replace(/ /g, "")).toBe(version.contentHash.slice(0, 16));
    expect(data.version.hash).toBe(version.contentHash);
  });

  it("the comparison's changed values use the variables' labels and nl-BE dates, never names or ISO dates", async () => {
    const { user, userRow, agreementId, revision, audit } = await createCompleteDraft();
    await freezeDraft({ user, agreementId, revision: await revision(), audit });
    const draft = await loadDraft({ user, agreementId });
    const date = draft.variables.find((v) => v.type === "date")!;
    const text = draft.variables.find((v) => v.type === "text" && v.label.toLowerCase() !== v.name.toLowerCase())!;
    const saved = await saveDraftValues({ user, agreementId, revision: await revision(), audit, raw: { [date.name]: "11/01/2027", [text.name]: sampleRaw(text) + " bis" } });
    expect(saved.ok).toBe(true);
    await freezeDraft({ user, agreementId, revision: await revision(), audit });
    const result = await callRoute(compareRoute.loader, await signedInRequest(userRow.id, "/x?van=1&naar=2"), { agreementId });
    const variables = (result.data as { variables: Array<{ label: string; oldValue: string; newValue: string }> }).variables;
    expect(variables).toContainEqual(expect.objectContaining({ label: date.label, oldValue: "15 januari 2027", newValue: "11 januari 2027" }));
    expect(variables).toContainEqual(expect.objectContaining({ label: text.label, newValue: "Ingevulde waarde bis" }));
    const shown = JSON.stringify(variables.map((v) => [v.label, v.oldValue, v.newValue]));
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(shown).not.toContain(`"${date.name}"`);
    expect(shown).not.toContain(`"${text.name}"`);
  });
});
