import { beforeAll, describe, expect, it } from "vitest";
import { addClause } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { loadTemplateLibrary } from "~/domain/templates/load-templates.server";
import { commitmentsForDocumentType } from "~/domain/templates/schema";
import * as newRoute from "~/routes/overeenkomsten.nieuw";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, linkSchool, signedInRequest } from "../factories";
import { sessionUserFor } from "../factories/drafts";
import { callRoute } from "../setup/route";

// The clauses issue 15 found missing, each drafted into its document type from the library:
// present in the draft with its text and its commitments, each commitment with one A and an R.
const ADDITIONS: Record<string, string[]> = {
  afsprakennota: ["verontrusting", "warme-overdracht-kind-en-gezin", "clb-signaalfunctie", "brugfiguren-als-partner"],
  "engagementsverklaring-brugfiguren": [
    "brugfiguur-geen-hulpverlener",
    "tijd-en-ruimte-voor-outreach",
    "team-aanvaardt-brugfiguur",
    "secundair-nooit-alleen",
    "schoolkosten-maatregelen",
  ],
  samenwerkingsovereenkomst: [
    "steunfonds-met-engagement",
    "schepen-kinderarmoede",
    "organogram-over-beleidsdomeinen",
    "vorming-voor-schoolteams",
    "buurtwerking-als-trekker",
    "engagementen-clb",
    "schoolkosten-maatregelen",
  ],
};

const audit = { ipAddress: "127.0.0.1", userAgent: "vitest" };

describe("the clauses added to the library for issue 15", () => {
  const library = loadTemplateLibrary();
  let clbUser: { id: string };
  let coordinator: { id: string };
  let school: { id: string };
  let clb: { id: string };
  let brug: { id: string };
  let stad: { id: string };

  beforeAll(async () => {
    school = await createOrganisation("school", "Sint-Jozefsinstituut");
    clb = await createOrganisation("clb", "CLB Waasland");
    brug = await createOrganisation("brugfiguren", "Brugfiguren Sint-Niklaas");
    stad = await createOrganisation("lokaal_bestuur", "Stad Sint-Niklaas");
    clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    coordinator = await createUser([{ organisationId: brug.id, role: "coordinator" }]);
    // A service drafts with the schools it works with (issue 12: pick-lists).
    await linkSchool(brug.id, school.id);
  });

  it("are not in any default list: new drafts keep their clause count", () => {
    for (const [type, ids] of Object.entries(ADDITIONS)) {
      const defaults = library.documentTypes.get(type)!.defaultClauses;
      for (const id of ids) expect(defaults, `${type}: ${id}`).not.toContain(id);
    }
  });

  it("each one drafts into its document type with its text and its commitments (one A, at least one R)", async () => {
    const cases = [
      { type: "afsprakennota", user: clbUser, own: clb, counterpart: school },
      { type: "engagementsverklaring-brugfiguren", user: coordinator, own: brug, counterpart: school },
      { type: "samenwerkingsovereenkomst", user: coordinator, own: brug, counterpart: stad },
    ];
    for (const c of cases) {
      const form = { documentType: c.type, schoolYear: "2026-2027", ownOrganisationId: c.own.id, counterpartOrganisationId: c.counterpart.id };
      const created = await callRoute(newRoute.action, await signedInRequest(c.user.id, "/overeenkomsten/nieuw", { form }));
      expect(created.status).toBe(302);
      const agreementId = created.location!.split("/").pop()!;
      const user = await sessionUserFor(c.user.id);
      const before = (await loadDraft({ user, agreementId })).clauses.length;

      for (const templateId of ADDITIONS[c.type]!) {
        const revision = (await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision;
        await addClause({ user, agreementId, revision, audit, templateId });
      }

      const draft = await loadDraft({ user, agreementId });
      expect(draft.clauses.length).toBe(before + ADDITIONS[c.type]!.length);
      for (const templateId of ADDITIONS[c.type]!) {
        const clause = draft.clauses.find((cl) => cl.templateId === templateId);
        expect(clause, `${c.type}: ${templateId}`).toBeDefined();
        expect(clause!.text.length, templateId).toBeGreaterThan(100);
        expect(clause!.text, templateId).not.toMatch(/\{\{/);
        const commitments = commitmentsForDocumentType(library.clauses.get(templateId)!, c.type);
        expect(commitments.length, `${c.type}: ${templateId}`).toBeGreaterThanOrEqual(1);
        for (const commitment of commitments) {
          const letters = Object.values(commitment.rasci);
          expect(letters.filter((l) => l === "A"), `${templateId}/${commitment.id}`).toHaveLength(1);
          expect(letters, `${templateId}/${commitment.id}`).toContain("R");
        }
      }
    }
  });

  it("fills the period from the agreement: afbouw in its last school year, start and length as agreed", async () => {
    const form = { documentType: "engagementsverklaring-brugfiguren", schoolYear: "2026-2027", ownOrganisationId: brug.id, counterpartOrganisationId: school.id };
    const created = await callRoute(newRoute.action, await signedInRequest(coordinator.id, "/overeenkomsten/nieuw", { form }));
    const agreementId = created.location!.split("/").pop()!;
    const agreement = await db.agreement.findUniqueOrThrow({ where: { id: agreementId } });
    expect(agreement.yearCount).toBe(3);
    const draft = await loadDraft({ user: await sessionUserFor(coordinator.id), agreementId });
    expect(draft.values).toMatchObject({ afbouwVanaf: "2028-2029", startSchooljaar: "2026-2027", aantalSchooljaren: 3 });
    const afbouw = draft.clauses.find((c) => c.templateId === "afbouw-en-overdracht")!;
    expect(afbouw.text).toContain("Vanaf het schooljaar 2028-2029 bouwen we de inzet van de brugfiguur af.");
  });

  it("gives the CLB commitments of its own in the samenwerkingsovereenkomst", () => {
    const carried = library
      .clausesForDocumentType("samenwerkingsovereenkomst")
      .flatMap((clause) => commitmentsForDocumentType(clause, "samenwerkingsovereenkomst"))
      .filter((c) => c.bearer === "clb");
    expect(carried.map((c) => c.id)).toEqual(expect.arrayContaining(["clb-aanspreekpunt", "clb-draaischijf", "signalen-clb"]));
  });
});
