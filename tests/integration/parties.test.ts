// Issue 13, "Parties": a document type states its party roles with bounds; a
// draft's parties are added (found by name, instellingsnummer or city, or
// invited when not in Akkoord yet) and removed by a member of an accepted
// party; refusals say why in Dutch and store nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptParty } from "~/domain/agreements/accept-party.server";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { addParty, inviteOrganisationAsParty, PARTY_SEARCH_LIMIT, removeParty, searchOrganisationsForParty } from "~/domain/agreements/manage-parties.server";
import { loadDraftPage } from "~/domain/agreements/agreement-page.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { acceptWithNewAccount } from "~/domain/people/invitations.server";
import { freezeDraft, IncompleteDraftError } from "~/domain/versions/freeze-draft.server";
import * as partiesRoute from "~/routes/overeenkomsten.$agreementId.partijen";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

const audit = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-parties13-"));
beforeAll(() => {
  setTestEnv({ MAIL_TRANSPORT: "file", MAIL_OUTBOX_DIR: outbox });
});
afterAll(() => rmSync(outbox, { recursive: true, force: true }));

let n = 0;
const schoolYear = () => `${2030 + ++n}-${2031 + n}`;

/** A member who may draft for a new organisation of this kind. */
async function orgWithMember(kind: "school" | "clb" | "brugfiguren" | "lokaal_bestuur" | "welzijnspartner", name: string) {
  const organisation = await createOrganisation(kind, name);
  const role = kind === "school" ? "directie" : kind === "clb" ? "clb_medewerker" : "coordinator";
  const user = await createUser([{ organisationId: organisation.id, role }]);
  return { organisation, user: await sessionUserFor(user.id) };
}

/** A samenwerkingsovereenkomst of a new city with one school, both accepted. */
async function cityWithSchool() {
  const city = await orgWithMember("lokaal_bestuur", `Stad ${n + 1}`);
  const school = await orgWithMember("school", `School van stad ${n + 1}`);
  const agreement = await createAgreement({
    user: city.user,
    input: { documentType: "samenwerkingsovereenkomst", schoolYear: schoolYear(), ownOrganisationId: city.organisation.id, counterpartOrganisationId: school.organisation.id },
    audit,
  });
  await acceptParty({ user: school.user, agreementId: agreement.id, partyId: agreement.parties.find((p) => p.organisationId === school.organisation.id)!.id, audit });
  return { city, school, agreementId: agreement.id };
}

const revisionOf = async (agreementId: string) => (await db.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision;

/** What a refused change could have written: parties, revision, audit events, organisations, invitations, outbox. */
async function stateOf(agreementId: string) {
  return {
    parties: (await db.agreementParty.findMany({ where: { agreementId }, orderBy: { id: "asc" } })).map((p) => `${p.organisationId}:${p.partyRole}:${p.status}`),
    revision: await revisionOf(agreementId),
    audit: await db.auditEvent.count({ where: { agreementId } }),
    organisations: await db.organisation.count(),
    invitations: await db.invitation.count(),
    outbox: await db.outboxMessage.count(),
  };
}

/** Runs a change that must be refused with this status and message, and checks nothing was stored. */
async function expectRefused(agreementId: string, change: () => Promise<unknown>, status: number, message: string | RegExp) {
  const before = await stateOf(agreementId);
  const error = await change().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  expect((error as AppError).message).toMatch(message);
  expect(await stateOf(agreementId)).toEqual(before);
}

describe("party bounds at freeze", () => {
  it("a draft without the CLB an afsprakennota needs is incomplete: listed on the page and refused at freeze, fine once the CLB is added", async () => {
    const service = await orgWithMember("brugfiguren", "Brugfiguren Bounds");
    const school = await orgWithMember("school", "School Bounds");
    const clb = await orgWithMember("clb", "CLB Bounds");
    const agreement = await createAgreement({
      user: service.user,
      input: { documentType: "afsprakennota", schoolYear: schoolYear(), ownOrganisationId: service.organisation.id, counterpartOrganisationId: school.organisation.id },
      audit,
    });
    const draft = await loadDraft({ user: service.user, agreementId: agreement.id });
    expect(draft.completeness.partyCounts).toEqual(["Rol CLB: minstens 1 partij nodig, nu 0. Voeg er nog 1 toe."]);
    expect(draft.completeness.complete).toBe(false);
    const page = await loadDraftPage({ user: service.user, agreementId: agreement.id });
    expect(page.tasks).toContainEqual({ key: "party-count-0", text: "Rol CLB: minstens 1 partij nodig, nu 0. Voeg er nog 1 toe.", href: `/overeenkomsten/${agreement.id}/partijen` });
    const refused = await freezeDraft({ user: service.user, agreementId: agreement.id, revision: draft.agreement.draftRevision, audit }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IncompleteDraftError);
    expect((refused as IncompleteDraftError).missing).toContain("Rol CLB: minstens 1 partij nodig, nu 0. Voeg er nog 1 toe.");
    expect(await db.agreementVersion.count({ where: { agreementId: agreement.id } })).toBe(0);

    await addParty({ user: service.user, agreementId: agreement.id, revision: await revisionOf(agreement.id), organisationId: clb.organisation.id, audit });
    expect((await loadDraft({ user: service.user, agreementId: agreement.id })).completeness.partyCounts).toEqual([]);
  });
});

describe("adding and removing parties", () => {
  it("adds a found organisation as an invited party in the role its kind fits; only its members are told; audited", async () => {
    const { city, school, agreementId } = await cityWithSchool();
    const partner = await orgWithMember("welzijnspartner", "Huis van het Kind Toevoegen");
    const schoolNoticesBefore = await db.outboxMessage.count({ where: { recipient: school.user.email } });

    const added = await addParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), organisationId: partner.organisation.id, audit });
    const party = await db.agreementParty.findUniqueOrThrow({ where: { id: added.partyId } });
    expect(party).toMatchObject({ organisationId: partner.organisation.id, partyRole: "welzijnspartner", status: "uitgenodigd" });
    expect(await db.outboxMessage.findMany({ where: { kind: "party-invited", recipient: partner.user.email }, select: { subject: true } })).toHaveLength(1);
    expect(await db.outboxMessage.count({ where: { recipient: school.user.email } })).toBe(schoolNoticesBefore);
    const event = await db.auditEvent.findFirstOrThrow({ where: { agreementId, action: "agreement.party-added" } });
    expect(event.actorUserId).toBe(city.user.id);
    expect(JSON.parse(event.data!)).toMatchObject({ partyId: added.partyId, organisation: "Huis van het Kind Toevoegen", role: "welzijnspartner" });

    // Its member accepts; then the city removes it again (no confirmed signatory: no confirmation needed), and it hears so.
    await acceptParty({ user: partner.user, agreementId, partyId: added.partyId, audit });
    await removeParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), partyId: added.partyId, audit });
    expect(await db.agreementParty.count({ where: { id: added.partyId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { agreementId, action: "agreement.party-removed" } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { kind: "party-removed", recipient: partner.user.email } })).toBe(1);
  });

  it("searches by name, instellingsnummer or city, leaves out parties and kinds that fit no role, at most 20, from 2 characters", async () => {
    const { city, school, agreementId } = await cityWithSchool();
    const village = `Zoekdorp${n}`;
    const tag = `Zoekschool${n}`;
    const many = [];
    for (let i = 0; i < PARTY_SEARCH_LIMIT + 2; i++) many.push({ kind: "school", name: `${tag} ${String(i).padStart(2, "0")}`, municipality: "Sinaai" });
    await db.organisation.createMany({ data: many });
    const byNumber = await db.organisation.create({ data: { kind: "school", name: `Nummerschool ${n}`, instellingsnummer: `9${String(n).padStart(5, "0")}`, municipality: village } });

    const byName = await searchOrganisationsForParty({ user: city.user, agreementId, query: tag.toLowerCase() });
    expect(byName.results).toHaveLength(PARTY_SEARCH_LIMIT);
    expect(byName.more).toBe(true);
    expect(byName.results[0]).toMatchObject({ name: `${tag} 00`, roles: [{ id: "school", label: "Scholen" }] });
    expect((await searchOrganisationsForParty({ user: city.user, agreementId, query: byNumber.instellingsnummer! })).results.map((o) => o.id)).toEqual([byNumber.id]);
    expect((await searchOrganisationsForParty({ user: city.user, agreementId, query: village })).results.map((o) => o.id)).toEqual([byNumber.id]);
    // Already a party: not offered.
    expect((await searchOrganisationsForParty({ user: city.user, agreementId, query: school.organisation.name })).results).toEqual([]);
    expect(await searchOrganisationsForParty({ user: city.user, agreementId, query: "Z" })).toMatchObject({ tooShort: true, results: [] });

    // An afsprakennota has no role for a city: a city is never offered there.
    const clb = await orgWithMember("clb", `CLB zoeken ${n}`);
    const nota = await createAgreement({
      user: clb.user,
      input: { documentType: "afsprakennota", schoolYear: schoolYear(), ownOrganisationId: clb.organisation.id, counterpartOrganisationId: school.organisation.id },
      audit,
    });
    expect((await searchOrganisationsForParty({ user: clb.user, agreementId: nota.id, query: city.organisation.name })).results).toEqual([]);

    // Without JavaScript: the page's GET form.
    const page = await callRoute(partiesRoute.loader, await signedInRequest(city.user.id, `/overeenkomsten/${agreementId}/partijen?q=${village}`), { agreementId });
    expect(page.status).toBe(200);
    expect((page.data as { search: { results: Array<{ name: string }> } }).search.results.map((o) => o.name)).toEqual([byNumber.name]);
  });

  it("invites an organisation not in Akkoord yet: its first member accepts the invitation, becomes its beheerder, accepts the party and acts for it", async () => {
    const { city, agreementId } = await cityWithSchool();
    const email = `eerste-${n}@nieuwe-school.example`;
    const invited = await inviteOrganisationAsParty({
      user: city.user,
      agreementId,
      revision: await revisionOf(agreementId),
      input: { name: `GBS Nieuw ${n}`, kind: "school", instellingsnummer: `8${String(n).padStart(5, "0")}`, email },
      audit,
    });
    expect(invited.mailed).toBe(true);
    const organisation = await db.organisation.findUniqueOrThrow({ where: { id: invited.organisationId } });
    expect(organisation).toMatchObject({ kind: "school", name: `GBS Nieuw ${n}` });
    expect(await db.agreementParty.findUniqueOrThrow({ where: { id: invited.partyId } })).toMatchObject({ partyRole: "school", status: "uitgenodigd" });

    const mail = readdirSync(outbox)
      .filter((f) => f.endsWith(".json"))
      .map((f) => JSON.parse(readFileSync(path.join(outbox, f), "utf8")) as { to: string[] | string; text: string })
      .find((m) => JSON.stringify(m.to).includes(email))!;
    expect(mail.text).toContain(`als partij in “`);
    const token = /\/uitnodiging\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const userId = await acceptWithNewAccount({ token, input: { name: "Eerste Directeur", password: "Een-goed-wachtwoord-1", passwordConfirm: "Een-goed-wachtwoord-1" }, audit });
    expect((await db.membership.findMany({ where: { userId }, orderBy: { role: "asc" } })).map((m) => `${m.organisationId === organisation.id}:${m.role}`)).toEqual([
      "true:beheerder",
      "true:directie",
    ]);
    const member = await sessionUserFor(userId);
    await acceptParty({ user: member, agreementId, partyId: invited.partyId, audit });
    expect(await db.agreementParty.findUniqueOrThrow({ where: { id: invited.partyId } })).toMatchObject({ status: "aanvaard", acceptedById: userId });
    // From then on it acts for itself: it may add a party too.
    const partner = await createOrganisation("welzijnspartner", `Partner van ${n}`);
    await addParty({ user: member, agreementId, revision: await revisionOf(agreementId), organisationId: partner.id, audit });
    expect(await db.agreementParty.count({ where: { agreementId, organisationId: partner.id } })).toBe(1);
  });
});

describe("refusals: a clear Dutch message, 4xx, nothing stored", () => {
  it("the same organisation twice, beyond a role's max, a kind that fits no role, a known instellingsnummer invited again", async () => {
    const { city, school, agreementId } = await cityWithSchool();
    const revision = await revisionOf(agreementId);
    await expectRefused(agreementId, () => addParty({ user: city.user, agreementId, revision, organisationId: school.organisation.id, audit }), 400, `${school.organisation.name} is al partij in deze overeenkomst.`);
    const otherCity = await createOrganisation("lokaal_bestuur", `Andere stad ${n}`);
    await expectRefused(agreementId, () => addParty({ user: city.user, agreementId, revision, organisationId: otherCity.id, audit }), 400, "De rol Lokaal bestuur heeft al zijn partij: er kan er geen meer bij.");
    // The CLB role of a samenwerkingsovereenkomst takes 3 at most.
    for (let i = 0; i < 3; i++) {
      await addParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), organisationId: (await createOrganisation("clb", `CLB ${n}-${i}`)).id, audit });
    }
    const fourth = await createOrganisation("clb", `CLB ${n}-3`);
    await expectRefused(agreementId, async () => addParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), organisationId: fourth.id, audit }), 400, "De rol CLB heeft al het maximum van 3 partijen: er kan er geen meer bij.");

    const clb = await orgWithMember("clb", `CLB soort ${n}`);
    const nota = await createAgreement({
      user: clb.user,
      input: { documentType: "afsprakennota", schoolYear: schoolYear(), ownOrganisationId: clb.organisation.id, counterpartOrganisationId: school.organisation.id },
      audit,
    });
    await expectRefused(nota.id, async () => addParty({ user: clb.user, agreementId: nota.id, revision: await revisionOf(nota.id), organisationId: otherCity.id, audit }), 400, "Een lokaal bestuur kan geen partij zijn in een afsprakennota school en clb.");
    await expectRefused(nota.id, async () => inviteOrganisationAsParty({ user: clb.user, agreementId: nota.id, revision: await revisionOf(nota.id), input: { name: "Stad X", kind: "lokaal_bestuur", email: "x@stad.example" }, audit }), 400, /kan geen partij zijn/);

    const known = await db.organisation.create({ data: { kind: "school", name: `Gekende school ${n}`, instellingsnummer: `7${String(n).padStart(5, "0")}` } });
    await expectRefused(
      agreementId,
      async () => inviteOrganisationAsParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), input: { name: "Dubbel", kind: "school", instellingsnummer: known.instellingsnummer!, email: "d@school.example" }, audit }),
      400,
      `Dit instellingsnummer hoort al bij Gekende school ${n}, dat al in Akkoord staat: zoek het op en voeg het toe.`,
    );
  });

  it("removing the last school, removing one's own organisation, a party that signed; a confirmed signatory needs the explicit confirmation", async () => {
    const { city, school, agreementId } = await cityWithSchool();
    const parties = await db.agreementParty.findMany({ where: { agreementId } });
    const schoolParty = parties.find((p) => p.organisationId === school.organisation.id)!;
    const cityParty = parties.find((p) => p.organisationId === city.organisation.id)!;
    await expectRefused(agreementId, async () => removeParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), partyId: schoolParty.id, audit }), 400, "De rol Scholen heeft minstens 1 partij nodig: voeg eerst een andere toe voor u deze verwijdert.");
    await expectRefused(agreementId, async () => removeParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), partyId: cityParty.id, audit }), 400, "U kunt uw eigen organisatie niet als partij verwijderen.");

    // A partner that accepted and named its own (confirmed) signatory.
    const partner = await orgWithMember("welzijnspartner", `Partner bevestigd ${n}`);
    const { partyId } = await addParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), organisationId: partner.organisation.id, audit });
    await acceptParty({ user: partner.user, agreementId, partyId, audit });
    await db.signatory.create({ data: { agreementId, partyId, name: "Greet Partner", functionTitle: "directeur", email: "greet@partner.example", status: "bevestigd", namedById: partner.user.id } });
    await expectRefused(agreementId, async () => removeParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), partyId, audit }), 409, /heeft al een bevestigde ondertekenaar\. Vink aan dat u/);
    // Through the page: the same refusal, 409, on the form.
    const refused = await callRoute(
      partiesRoute.action,
      await signedInRequest(city.user.id, `/overeenkomsten/${agreementId}/partijen`, { form: { intent: "remove", revision: String(await revisionOf(agreementId)), partyId } }),
      { agreementId },
    );
    expect(refused.status).toBe(409);
    expect(await db.agreementParty.count({ where: { id: partyId } })).toBe(1);
    const removed = await callRoute(
      partiesRoute.action,
      await signedInRequest(city.user.id, `/overeenkomsten/${agreementId}/partijen`, { form: { intent: "remove", revision: String(await revisionOf(agreementId)), partyId, confirm: "ja" } }),
      { agreementId },
    );
    expect(removed.status).toBe(302);
    expect(await db.agreementParty.count({ where: { id: partyId } })).toBe(0);
    expect(await db.signatory.count({ where: { partyId } })).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { agreementId, action: "agreement.party-removed" } });
    expect(JSON.parse(event.data!)).toMatchObject({ partyId, confirmedSignatories: 1 });
    expect(await db.outboxMessage.count({ where: { kind: "party-removed", recipient: partner.user.email } })).toBe(1);

    // A party with a signature on a version: never removed, not even with the confirmation.
    const signer = await orgWithMember("welzijnspartner", `Partner getekend ${n}`);
    const signed = await addParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), organisationId: signer.organisation.id, audit });
    const signatory = await db.signatory.create({ data: { agreementId, partyId: signed.partyId, name: "Sam Getekend", functionTitle: "directeur", email: "sam@partner.example", status: "bevestigd" } });
    const version = await db.agreementVersion.create({ data: { agreementId, number: 1, content: "{}", contentHash: "0".repeat(64), status: "vervangen" } });
    await db.signature.create({ data: { versionId: version.id, signatoryId: signatory.id, outcome: "signed", typedName: "Sam Getekend", versionHash: "0".repeat(64) } });
    await expectRefused(
      agreementId,
      async () => removeParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), partyId: signed.partyId, confirm: true, audit }),
      409,
      `Partner getekend ${n} heeft al ondertekend en kan niet meer verwijderd worden.`,
    );
  });

  it("only a member of an accepted party who may edit, only in concept, only at the current revision", async () => {
    const { city, agreementId } = await cityWithSchool();
    const partner = await orgWithMember("welzijnspartner", `Partner rechten ${n}`);
    const { partyId } = await addParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), organisationId: partner.organisation.id, audit });
    const candidate = await createOrganisation("welzijnspartner", `Kandidaat ${n}`);
    const add = (user: Awaited<ReturnType<typeof sessionUserFor>>, revision?: number) => async () =>
      addParty({ user, agreementId, revision: revision ?? (await revisionOf(agreementId)), organisationId: candidate.id, audit });
    // A member of a party that is only invited.
    await expectRefused(agreementId, add(partner.user), 403, /Aanvaard eerst de uitnodiging/);
    // A stranger: the agreement does not exist for them.
    const stranger = await orgWithMember("school", `Vreemde school ${n}`);
    await expectRefused(agreementId, add(stranger.user), 404, /bestaat niet/);
    // A member of the city who may not draft (brugfiguur has no agreement:edit).
    const reader = await sessionUserFor((await createUser([{ organisationId: city.organisation.id, role: "beheerder" }])).id);
    await expectRefused(agreementId, add(reader), 403, /.+/);
    // A stale revision.
    await expectRefused(agreementId, add(city.user, (await revisionOf(agreementId)) - 1), 409, /Iemand anders heeft dit concept intussen gewijzigd/);
    // Not a concept any more.
    await db.agreement.update({ where: { id: agreementId }, data: { status: "ter_ondertekening" } });
    await expectRefused(agreementId, add(city.user), 409, /.+/);
    await expectRefused(agreementId, async () => removeParty({ user: city.user, agreementId, revision: await revisionOf(agreementId), partyId, audit }), 409, /.+/);
  });

  it("the page's forms: a typed mistake is a 400 on the form with nothing stored; a good invitation without instellingsnummer goes through", async () => {
    const { city, agreementId } = await cityWithSchool();
    const post = async (form: Record<string, string>) =>
      callRoute(partiesRoute.action, await signedInRequest(city.user.id, `/overeenkomsten/${agreementId}/partijen`, { form: { revision: String(await revisionOf(agreementId)), ...form } }), { agreementId });
    const before = await stateOf(agreementId);
    const badEmail = await post({ intent: "invite", name: "Buurthuis", kind: "welzijnspartner", instellingsnummer: "", email: "geen-adres" });
    expect(badEmail.status).toBe(400);
    expect(JSON.stringify(badEmail.data)).toContain("Vul een geldig e-mailadres in, zoals naam@school.be.");
    const badNumber = await post({ intent: "invite", name: "School", kind: "school", instellingsnummer: "12ab", email: "a@school.example" });
    expect(badNumber.status).toBe(400);
    expect(JSON.stringify(badNumber.data)).toContain("Een instellingsnummer heeft 5 of 6 cijfers.");
    const badKind = await post({ intent: "invite", name: "Iets", kind: "jeugdhuis", email: "a@iets.example" });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.data)).toContain("Kies de soort organisatie.");
    expect((await post({ intent: "add", organisationId: "bestaat-niet" })).status).toBe(400);
    expect((await post({ intent: "vreemd" })).status).toBe(400);
    expect(await stateOf(agreementId)).toEqual(before);

    const ok = await post({ intent: "invite", name: `Buurthuis ${n}`, kind: "welzijnspartner", instellingsnummer: "", email: `buurthuis-${n}@partner.example` });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`/overeenkomsten/${agreementId}/partijen`);
    const party = await db.agreementParty.findFirstOrThrow({ where: { agreementId, organisation: { name: `Buurthuis ${n}` } }, include: { organisation: true } });
    expect(party).toMatchObject({ partyRole: "welzijnspartner", status: "uitgenodigd", organisation: { kind: "welzijnspartner", instellingsnummer: null } });
    expect(await db.invitation.findFirstOrThrow({ where: { organisationId: party.organisationId } })).toMatchObject({ email: `buurthuis-${n}@partner.example`, role: "coordinator" });
  });
});
