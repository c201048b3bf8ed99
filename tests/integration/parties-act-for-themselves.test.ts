// Issue 12, point 1: "one party can sign for the other". A drafter of the
// school removed the CLB's signatory, named eve@attacker.example as the CLB's
// signatory, froze, sent and eve signed as the CLB's director. Now each party
// acts only for itself: the CLB is a party only after one of its members
// accepts, only its members name or remove its signatories (the school may
// propose one, which a CLB member confirms before the draft is frozen or sent),
// its members hear of every step, and the PDF says who named each signatory.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { PartiesNotReadyError } from "~/domain/drafting/parties";
import { normaliseWhitespace, pdftotextPages, writeTempPdf } from "../support/pdf";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import * as detailRoute from "~/routes/overeenkomsten.$agreementId._index";
import * as newRoute from "~/routes/overeenkomsten.nieuw";
import * as startRoute from "~/routes/_index";
import { db } from "~/utils/db.server";
import { signAll } from "../../prisma/demo-signing";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { sampleRaw, sessionUserFor } from "../factories/drafts";
import { createFrozenVersion } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

const audit = { ipAddress: "127.0.0.1", userAgent: "vitest" };

beforeAll(() => {
  setTestEnv({ MAIL_OUTBOX_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-parties-outbox-")), SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-parties-certs-")) });
});

async function namedUser(organisationId: string, role: "directie" | "clb_directeur" | "clb_medewerker", name: string) {
  const row = await createUser([{ organisationId, role }]);
  return db.user.update({ where: { id: row.id }, data: { name } });
}

/** What the outbox holds for one agreement's party notices, as "kind → recipient". */
async function notices(agreementId: string, kind: string) {
  const rows = await db.outboxMessage.findMany({ where: { kind, payload: { contains: agreementId } }, orderBy: { recipient: "asc" } });
  return rows.map((r) => r.recipient);
}

describe("each party acts only for itself", () => {
  let school: { id: string; name: string };
  let clb: { id: string; name: string };
  let directie: { id: string; email: string; name: string };
  let clbDirecteur: { id: string; email: string; name: string };
  let agreementId: string;
  let clbPartyId: string;
  let schoolPartyId: string;

  const act = async (userId: string, form: Record<string, string>) =>
    callRoute(detailRoute.action, await signedInRequest(userId, `/overeenkomsten/${agreementId}`, { form }), { agreementId });
  const revision = async () => String((await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision);
  const signatory = (email: string) => db.signatory.findFirst({ where: { agreementId, email } });

  beforeAll(async () => {
    school = await createOrganisation("school", "VBS De Wereldreiziger");
    clb = await createOrganisation("clb", "CLB Waasland");
    directie = await namedUser(school.id, "directie", "Els Vermeulen");
    clbDirecteur = await namedUser(clb.id, "clb_directeur", "Koen Van Damme");
    const created = await callRoute(
      newRoute.action,
      await signedInRequest(directie.id, "/overeenkomsten/nieuw", {
        form: { documentType: "afsprakennota", schoolYear: "2026-2027", ownOrganisationId: school.id, counterpartOrganisationId: clb.id },
      }),
    );
    expect(created.status).toBe(302);
    agreementId = created.location!.split("/").pop()!;
    const parties = await db.agreementParty.findMany({ where: { agreementId } });
    clbPartyId = parties.find((p) => p.organisationId === clb.id)!.id;
    schoolPartyId = parties.find((p) => p.organisationId === school.id)!.id;
    const user = await sessionUserFor(directie.id);
    const draft = await loadDraft({ user, agreementId });
    const raw: Record<string, string> = {};
    for (const v of draft.variables) if (draft.values[v.name] === undefined || draft.values[v.name] === null) raw[v.name] = sampleRaw(v as never);
    expect((await saveDraftValues({ user, agreementId, revision: Number(await revision()), raw, audit })).ok).toBe(true);
  });

  it("names the CLB only as invited: its members are told and one of them accepts, not the school", async () => {
    const parties = await db.agreementParty.findMany({ where: { agreementId }, orderBy: { position: "asc" } });
    expect(Object.fromEntries(parties.map((p) => [p.organisationId, p.status]))).toEqual({ [school.id]: "aanvaard", [clb.id]: "uitgenodigd" });
    expect(await notices(agreementId, "party-invited")).toEqual([clbDirecteur.email]);

    const bySchool = await act(directie.id, { intent: "accept-party", partyId: clbPartyId });
    expect(bySchool.status).toBe(403);
    expect((bySchool.data as { message: string }).message).toMatch(/Alleen een lid van deze organisatie/);
    // Until it accepts, the CLB's member reads but does not draft.
    const early = await act(clbDirecteur.id, { intent: "add-signatory", revision: await revision(), partyId: clbPartyId, name: "Koen Van Damme", functionTitle: "CLB-directeur", email: "koen@clb.test" });
    expect(early.status).toBe(403);
    expect((await act(clbDirecteur.id, { intent: "archive" })).status).toBe(403);

    const startPage = async () =>
      ((await callRoute(startRoute.loader, await signedInRequest(clbDirecteur.id, "/"))).data as { invitations: Array<{ agreementId: string }> }).invitations;
    expect((await startPage()).map((i) => i.agreementId)).toEqual([agreementId]);

    const accepted = await act(clbDirecteur.id, { intent: "accept-party", partyId: clbPartyId });
    expect(accepted.status).toBe(200);
    const clbParty = await db.agreementParty.findUniqueOrThrow({ where: { id: clbPartyId } });
    expect(clbParty).toMatchObject({ status: "aanvaard", acceptedById: clbDirecteur.id });
    expect((await act(clbDirecteur.id, { intent: "accept-party", partyId: clbPartyId })).status).toBe(409);
    expect(await startPage()).toEqual([]);
  });

  it("refuses the attack: the school cannot remove the CLB's signatory nor name eve for the CLB", async () => {
    // Both parties name their own signatory.
    expect((await act(directie.id, { intent: "add-signatory", revision: await revision(), partyId: schoolPartyId, name: "Els Vermeulen", functionTitle: "directeur", email: "els@school.test" })).status).toBe(200);
    expect((await act(clbDirecteur.id, { intent: "add-signatory", revision: await revision(), partyId: clbPartyId, name: "Koen Van Damme", functionTitle: "CLB-directeur", email: "koen@clb.test" })).status).toBe(200);
    const koen = await signatory("koen@clb.test");
    expect(koen).toMatchObject({ status: "bevestigd", namedById: clbDirecteur.id, confirmedById: clbDirecteur.id });

    const removed = await act(directie.id, { intent: "remove-signatory", revision: await revision(), signatoryId: koen!.id });
    expect(removed.status).toBe(403);
    expect((removed.data as { message: string }).message).toBe("Alleen CLB Waasland kan haar eigen ondertekenaars wijzigen of verwijderen.");
    expect(await signatory("koen@clb.test")).not.toBeNull();

    const eve = await act(directie.id, { intent: "add-signatory", revision: await revision(), partyId: clbPartyId, name: "Koen Van Damme", functionTitle: "CLB-directeur", email: "eve@attacker.example" });
    expect(eve.status).toBe(200);
    expect((eve.data as { ok: string }).ok).toMatch(/voorgesteld/);
    expect(await signatory("eve@attacker.example")).toMatchObject({ status: "voorgesteld", namedById: directie.id, confirmedById: null });
    // The school cannot confirm its own proposal for the CLB either.
    const confirm = await act(directie.id, { intent: "confirm-signatory", revision: await revision(), signatoryId: (await signatory("eve@attacker.example"))!.id });
    expect(confirm.status).toBe(403);

    const frozen = await act(directie.id, { intent: "freeze", revision: await revision() });
    expect(frozen.status).toBe(409);
    expect((frozen.data as { missing: string[] }).missing).toEqual([
      "Koen Van Damme is voorgesteld als ondertekenaar voor CLB Waasland en nog niet bevestigd door CLB Waasland",
    ]);
    expect(await db.agreementVersion.count({ where: { agreementId } })).toBe(0);

    // The CLB refuses the proposal (a member removes it).
    expect((await act(clbDirecteur.id, { intent: "remove-signatory", revision: await revision(), signatoryId: (await signatory("eve@attacker.example"))!.id })).status).toBe(200);
    expect(await signatory("eve@attacker.example")).toBeNull();
  });

  it("a proposal confirmed by a CLB member can be frozen and sent; the CLB hears of each step", async () => {
    const proposed = await act(directie.id, { intent: "add-signatory", revision: await revision(), partyId: clbPartyId, name: "An Claes", functionTitle: "CLB-medewerker", email: "an@clb.test", kind: "cc" });
    expect(proposed.status).toBe(200);
    const an = await signatory("an@clb.test");
    expect(an?.status).toBe("voorgesteld");
    const confirmed = await act(clbDirecteur.id, { intent: "confirm-signatory", revision: await revision(), signatoryId: an!.id });
    expect(confirmed.status).toBe(200);
    expect(await signatory("an@clb.test")).toMatchObject({ status: "bevestigd", namedById: directie.id, confirmedById: clbDirecteur.id });

    const frozen = await act(directie.id, { intent: "freeze", revision: await revision() });
    expect(frozen.status).toBe(302);
    const version = await db.agreementVersion.findFirstOrThrow({ where: { agreementId } });
    const freezeEvent = await db.auditEvent.findFirstOrThrow({ where: { agreementId, action: "version.frozen" } });
    expect(JSON.parse(freezeEvent.data!).signatories).toEqual(
      expect.arrayContaining([
        { name: "Koen Van Damme", namedBy: "Koen Van Damme (CLB Waasland)", confirmedBy: "Koen Van Damme (CLB Waasland)" },
        { name: "An Claes", namedBy: "Els Vermeulen (VBS De Wereldreiziger)", confirmedBy: "Koen Van Damme (CLB Waasland)" },
      ]),
    );
    expect(await notices(agreementId, "party-frozen")).toEqual([clbDirecteur.email]);

    const sent = await act(directie.id, { intent: "send", versionId: version.id });
    expect(sent.status).toBe(200);
    expect(await notices(agreementId, "party-sent")).toEqual([clbDirecteur.email]);

    await signAll(db, version.id);
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).status).toBe("ondertekend");
    // Each signature is told to the other party; completion to both.
    expect(await notices(agreementId, "party-signed")).toEqual([directie.email, clbDirecteur.email].sort());
    expect(await notices(agreementId, "party-completed")).toEqual([directie.email, clbDirecteur.email].sort());

    const { finalPdf } = await db.agreementVersion.findUniqueOrThrow({ where: { id: version.id } });
    const tmp = mkdtempSync(path.join(os.tmpdir(), "akkoord-parties-pdf-"));
    const text = normaliseWhitespace(pdftotextPages(writeTempPdf(tmp, "final.pdf", new Uint8Array(finalPdf!))).join("\n"));
    expect(text).toContain("Aangeduid door Els Vermeulen (VBS De Wereldreiziger)");
    expect(text).toContain("Aangeduid door Koen Van Damme (CLB Waasland)");
    expect(text).toContain("An Claes: aangeduid door Els Vermeulen (VBS De Wereldreiziger), bevestigd door Koen Van Damme (CLB Waasland)");
  });
});

describe("sending for signing", () => {
  it("is refused (409) while a party has not accepted or a signatory is only proposed", async () => {
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_directeur" }]);
    const user = await sessionUserFor(drafter.id);

    const invited = await createFrozenVersion({ clb, createdById: drafter.id });
    await db.agreementParty.updateMany({ where: { agreementId: invited.agreement.id, partyRole: "school" }, data: { status: "uitgenodigd" } });
    const refused = sendForSigning({ user, agreementId: invited.agreement.id, versionId: invited.version.id, audit });
    await expect(refused).rejects.toBeInstanceOf(PartiesNotReadyError);
    await expect(refused).rejects.toMatchObject({ status: 409, missing: [expect.stringMatching(/heeft de uitnodiging als partij nog niet aanvaard$/)] });

    const proposed = await createFrozenVersion({ clb, createdById: drafter.id });
    await db.signatory.updateMany({ where: { agreementId: proposed.agreement.id, email: "anais.verbeke@school.test" }, data: { status: "voorgesteld" } });
    await expect(sendForSigning({ user, agreementId: proposed.agreement.id, versionId: proposed.version.id, audit })).rejects.toMatchObject({
      status: 409,
      missing: [expect.stringMatching(/^Anaïs Verbeke is voorgesteld als ondertekenaar/)],
    });
    expect(await db.signingRequest.count({ where: { versionId: { in: [invited.version.id, proposed.version.id] } } })).toBe(0);
  });
});
