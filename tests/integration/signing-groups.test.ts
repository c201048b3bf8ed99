// Signing groups and "each school" commitments on a samenwerkingsovereenkomst
// of 18 parties (1 city, 12 schools, 4 welfare partners, 1 CLB): drafted,
// groups chosen on the draft page (everyone in group 1, the city in group 2),
// frozen, sent, signed by all 18, sealed and evaluated.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { PARTY_STATUS } from "~/domain/drafting/parties";
import { addSignatory, saveDraftValues, setSigningOrder } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { recordEvaluation } from "~/domain/evaluation/evaluations.server";
import { normaliseWhitespace, pdftotextPages, runPoppler, writeTempPdf } from "../support/pdf";
import { setTestEnv } from "../support/env";
import { requestOneTimeCode } from "~/domain/signing/one-time-code.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { signVersion } from "~/domain/signing/sign-version.server";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import type { VersionSnapshot } from "~/domain/versions/snapshot";
import type { OrganisationKind } from "~/domain/organisations/kinds";
import * as draftRoute from "~/routes/overeenkomsten.$agreementId._index";
import * as commitmentsRoute from "~/routes/overeenkomsten.$agreementId.afspraken";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { createCompleteDraft, sampleRaw } from "../factories/drafts";
import { codeIn, linkTokenIn, outboxMails, sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";

const audit = { ipAddress: "203.0.113.31", userAgent: "vitest" };
/** The one moment of this file (school year 2026-2027): every step takes it. */
const NOW = new Date("2026-11-23T09:30:00Z");
const VALID = "Signature Validation: Signature is Valid.";

let outbox: string;
let tmp: string;

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-groups-outbox-"));
  tmp = mkdtempSync(path.join(os.tmpdir(), "akkoord-groups-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-groups-certs-")) });
});

type Member = { organisationId: string; partyId: string; userId: string; name: string; signer: { name: string; email: string } };

/** Another engineer builds the UI to add parties: here a party is added as that flow leaves it, accepted by its own member. */
async function addAcceptedParty(agreementId: string, organisationId: string, partyRole: string, position: number, acceptedById: string) {
  return db.agreementParty.create({
    data: { agreementId, organisationId, partyRole, position, status: PARTY_STATUS.accepted, acceptedAt: NOW, acceptedById },
  });
}

const ROLE_FOR: Record<string, { kind: OrganisationKind; role: "directie" | "coordinator" | "clb_directeur" }> = {
  school: { kind: "school", role: "directie" },
  welzijnspartner: { kind: "welzijnspartner", role: "coordinator" },
  clb: { kind: "clb", role: "clb_directeur" },
  lokaal_bestuur: { kind: "lokaal_bestuur", role: "coordinator" },
};

/**
 * A samenwerkingsovereenkomst drafted by the city with 12 schools, 4 welfare
 * partners and a CLB, every value filled in and one confirmed signer per party
 * (named by a member of that party).
 */
async function draftWithEighteenParties(stamp: string) {
  const city = await createOrganisation("lokaal_bestuur", `Stad Sint-Niklaas ${stamp}`);
  const cityUserRow = await createUser([{ organisationId: city.id, role: "coordinator" }]);
  const cityUser = await sessionUserFor(cityUserRow.id);
  const roles = [
    ...Array.from({ length: 12 }, (_, i) => ({ role: "school", name: `Basisschool De Wereldreiziger campus ${i + 1} ${stamp}` })),
    ...Array.from({ length: 4 }, (_, i) => ({ role: "welzijnspartner", name: `Welzijnspartner Huis van het Kind ${i + 1} ${stamp}` })),
    { role: "clb", name: `Vrij CLB Waasland ${stamp}` },
  ];
  const organisations = [];
  for (const r of roles) organisations.push({ ...r, organisation: await createOrganisation(ROLE_FOR[r.role]!.kind, r.name) });
  const agreement = await createAgreement({
    user: cityUser,
    input: { documentType: "samenwerkingsovereenkomst", schoolYear: "2026-2027", ownOrganisationId: city.id, counterpartOrganisationId: organisations[0]!.organisation.id },
    audit,
    now: NOW,
  });
  const members: Member[] = [];
  const cityParty = agreement.parties.find((p) => p.organisationId === city.id)!;
  members.push({ organisationId: city.id, partyId: cityParty.id, userId: cityUserRow.id, name: city.name, signer: { name: `Burgemeester Lieve ${stamp}`, email: `burgemeester-${stamp}@test.example` } });
  for (const [index, o] of organisations.entries()) {
    const userRow = await createUser([{ organisationId: o.organisation.id, role: ROLE_FOR[o.role]!.role }]);
    const partyId =
      agreement.parties.find((p) => p.organisationId === o.organisation.id)?.id ??
      (await addAcceptedParty(agreement.id, o.organisation.id, o.role, index + 1, userRow.id)).id;
    if (index === 0) await db.agreementParty.update({ where: { id: partyId }, data: { status: PARTY_STATUS.accepted, acceptedAt: NOW, acceptedById: userRow.id } });
    members.push({ organisationId: o.organisation.id, partyId, userId: userRow.id, name: o.name, signer: { name: `Ondertekenaar ${index + 1} Peeters`, email: `signer-${index + 1}-${stamp}@test.example` } });
  }
  const revision = async () => (await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).draftRevision;
  const draft = await loadDraft({ user: cityUser, agreementId: agreement.id });
  const raw: Record<string, string> = {};
  for (const v of draft.variables) if (draft.values[v.name] === undefined || draft.values[v.name] === null) raw[v.name] = sampleRaw(v as never);
  const saved = await saveDraftValues({ user: cityUser, agreementId: agreement.id, revision: await revision(), raw, audit });
  expect(saved).toEqual({ ok: true });
  for (const m of members) {
    await addSignatory({
      user: await sessionUserFor(m.userId),
      agreementId: agreement.id,
      revision: await revision(),
      audit,
      now: NOW,
      input: { partyId: m.partyId, name: m.signer.name, functionTitle: m.organisationId === city.id ? "burgemeester" : "directeur", email: m.signer.email, kind: "signer" },
    });
  }
  return { agreementId: agreement.id, city, cityUserRow, cityUser, members, revision };
}

/** The link token in the latest invitation mailed to `email`, or null when none came. */
async function invitationToken(email: string): Promise<string | null> {
  const mail = (await outboxMails(outbox)).filter((m) => m.to.includes(email) && m.subject.startsWith("Gevraagd")).at(-1);
  return mail ? linkTokenIn(mail.text) : null;
}

async function signThroughLink(signer: { name: string; email: string }) {
  const token = (await invitationToken(signer.email))!;
  await requestOneTimeCode({ token, audit, now: NOW });
  const code = codeIn((await outboxMails(outbox)).filter((m) => m.to.includes(signer.email) && m.subject === "Uw code om te ondertekenen").at(-1)!.text)!;
  return signVersion({ token, code, consent: true, fullName: signer.name, drawnSignature: null, audit, now: NOW });
}

async function requestStatuses(versionId: string) {
  const requests = await db.signingRequest.findMany({ where: { versionId }, include: { signatory: { select: { email: true } } } });
  return new Map(requests.map((r) => [r.signatory.email, r.status]));
}

describe("a samenwerkingsovereenkomst with 18 parties, signed in two groups", () => {
  const stamp = Math.random().toString(36).slice(2, 8);
  let setup: Awaited<ReturnType<typeof draftWithEighteenParties>>;
  let versionId: string;
  let pdf: Uint8Array;
  const results: Array<{ completed: boolean }> = [];
  const waitingBeforeLast: string[] = [];
  let afterSend: Map<string, string>;
  let cityAfterGroupOne: string | undefined;

  beforeAll(async () => {
    setup = await draftWithEighteenParties(stamp);
    // The drafter chooses groups on the draft page: left to the defaults, the city signs last (group 2).
    const signatories = await db.signatory.findMany({ where: { agreementId: setup.agreementId } });
    const form: Record<string, string> = { intent: "signing-order", revision: String(await setup.revision()), signingOrder: "groepen" };
    const chosen = await callRoute(
      draftRoute.action,
      await signedInRequest(setup.cityUserRow.id, `/overeenkomsten/${setup.agreementId}`, { method: "POST", form }),
      { agreementId: setup.agreementId },
    );
    expect(chosen.status).toBe(200);
    expect(new Set(signatories.map((s) => s.id)).size).toBe(18);
    const version = await freezeDraft({ user: setup.cityUser, agreementId: setup.agreementId, revision: await setup.revision(), audit, now: NOW });
    versionId = version.id;
    await sendForSigning({ user: setup.cityUser, agreementId: setup.agreementId, versionId, audit, now: NOW });
    afterSend = await requestStatuses(versionId);
    const city = setup.members[0]!;
    for (const m of setup.members.slice(1)) {
      waitingBeforeLast.push((await requestStatuses(versionId)).get(city.signer.email)!);
      results.push(await signThroughLink(m.signer));
    }
    cityAfterGroupOne = (await requestStatuses(versionId)).get(city.signer.email);
    results.push(await signThroughLink(city.signer));
    pdf = new Uint8Array((await db.agreementVersion.findUniqueOrThrow({ where: { id: versionId } })).finalPdf!);
  }, 240_000);

  it("freezes the order and the groups into the version: 17 in group 1, the city in group 2", async () => {
    const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: versionId } });
    const snapshot = JSON.parse(version.content) as VersionSnapshot;
    expect(snapshot.agreement.signingOrder).toBe("groepen");
    expect(snapshot.parties).toHaveLength(18);
    const groups = snapshot.signatories.map((s) => [s.partyRole, s.position] as const);
    expect(groups.filter(([role, group]) => role === "lokaal_bestuur" && group === 2)).toHaveLength(1);
    expect(groups.filter(([, group]) => group === 1)).toHaveLength(17);
  });

  it("the city's request waits until all 17 of group 1 have signed, then the city is invited, and the 18th signature completes", () => {
    expect(waitingBeforeLast).toEqual(Array(17).fill("wachtend"));
    expect(results.map((r) => r.completed)).toEqual([...Array(17).fill(false), true]);
  });

  it("invites group 1 at once at sending and the city only after group 1", () => {
    const city = setup.members[0]!.signer.email;
    expect(afterSend.get(city)).toBe("wachtend");
    expect(setup.members.slice(1).map((m) => afterSend.get(m.signer.email))).toEqual(Array(17).fill("verstuurd"));
    expect(cityAfterGroupOne).toBe("verstuurd");
  });

  it("seals a PDF that lists all 18 parties and all 18 signatures, and pdfsig accepts the seal", () => {
    const file = writeTempPdf(tmp, `groups-${stamp}.pdf`, pdf);
    const text = normaliseWhitespace(pdftotextPages(file).join("\n"));
    for (const m of setup.members) {
      expect(text).toContain(m.name);
      expect(text).toContain(m.signer.name);
    }
    // Nothing runs off a page: every word lies within its page's width and height.
    const boxes = runPoppler("pdftotext", ["-bbox", file, "-"]).stdout;
    const pages = boxes.split("<page ").slice(1);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      const [width, height] = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!.slice(1).map(Number) as [number, number];
      for (const word of page.matchAll(/xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)"/g)) {
        const [xMin, yMin, xMax, yMax] = word.slice(1).map(Number) as [number, number, number, number];
        expect(xMin >= 0 && yMin >= 0 && xMax <= width && yMax <= height).toBe(true);
      }
    }
    const sig = runPoppler("pdfsig", [file]);
    expect(`${sig.stdout}${sig.stderr}`).toContain(VALID);
  });

  it("tracks 'each school' commitments per school with their own status, and an evaluation is saved", async () => {
    const perSchool = await db.commitment.findMany({
      where: { agreementId: setup.agreementId, templateCommitmentId: "school-contactpersoon" },
      include: { roles: true },
    });
    const schools = setup.members.filter((m) => m.name.startsWith("Basisschool"));
    expect(perSchool).toHaveLength(12);
    expect(new Set(perSchool.map((c) => c.bearerPartyId))).toEqual(new Set(schools.map((s) => s.partyId)));
    for (const c of perSchool) {
      const school = schools.find((s) => s.partyId === c.bearerPartyId)!;
      expect(c.snapshotKey).toMatch(new RegExp(`:school-contactpersoon@${school.organisationId}$`));
      // R on its own school only; the city accountable.
      expect(c.roles.filter((r) => r.rasci === "R").map((r) => r.partyId)).toEqual([school.partyId]);
    }
    // Together: one commitment, R on every school.
    const together = await db.commitment.findMany({ where: { agreementId: setup.agreementId, templateCommitmentId: "school-team-informeren" }, include: { roles: true } });
    expect(together).toHaveLength(1);
    expect(new Set(together[0]!.roles.filter((r) => r.rasci === "R").map((r) => r.partyId))).toEqual(new Set(schools.map((s) => s.partyId)));

    // Evaluated: two schools' commitments get different statuses; the others stay as they were.
    const moment = await db.evaluationMoment.findFirstOrThrow({ where: { agreementId: setup.agreementId }, orderBy: { date: "asc" } });
    const [first, second] = perSchool;
    await recordEvaluation({
      user: setup.cityUser,
      agreementId: setup.agreementId,
      momentId: moment.id,
      audit,
      raw: { [`status:${first!.id}`]: "gehaald", [`status:${second!.id}`]: "niet_gehaald", [`note:${second!.id}`]: "Nog geen contactpersoon." },
    });
    expect(await db.evaluationRecord.count({ where: { momentId: moment.id } })).toBe(1);
    const after = new Map((await db.commitment.findMany({ where: { id: { in: perSchool.map((c) => c.id) } } })).map((c) => [c.id, c.status]));
    expect(after.get(first!.id)).toBe("gehaald");
    expect(after.get(second!.id)).toBe("niet_gehaald");
    expect(perSchool.slice(2).map((c) => after.get(c.id))).toEqual(Array(10).fill("gepland"));

    // The commitments page names all schools of a shared commitment.
    const page = await callRoute(commitmentsRoute.loader, await signedInRequest(setup.cityUserRow.id, `/overeenkomsten/${setup.agreementId}/afspraken`), { agreementId: setup.agreementId });
    const listed = (page.data as { commitments: Array<{ id: string; bearer: string }> }).commitments;
    const shared = listed.find((c) => c.id === together[0]!.id)!;
    for (const s of schools) expect(shared.bearer).toContain(s.name);
    expect(listed.find((c) => c.id === first!.id)!.bearer).toBe(schools.find((s) => s.partyId === first!.bearerPartyId)!.name);
  }, 60_000);
});

describe("choosing the signing order on the draft page", () => {
  it("refuses group 0, a word or more than 50 with a Dutch message next to the field, and stores nothing", async () => {
    const f = await createCompleteDraft();
    const signatories = await db.signatory.findMany({ where: { agreementId: f.agreementId }, orderBy: { id: "asc" } });
    const before = await db.agreement.findUniqueOrThrow({ where: { id: f.agreementId } });
    const post = async (groups: string[]) => {
      const form: Record<string, string> = { intent: "signing-order", revision: String(await f.revision()), signingOrder: "groepen" };
      signatories.forEach((s, i) => (form[`group:${s.id}`] = groups[i]!));
      return callRoute(draftRoute.action, await signedInRequest(f.userRow.id, `/overeenkomsten/${f.agreementId}`, { method: "POST", form }), { agreementId: f.agreementId });
    };
    for (const [bad, message] of [
      ["0", "De groep is minstens 1."],
      ["twee", "Vul als groep een getal in, zoals 1 of 2."],
      ["51", "De groep is hoogstens 50."],
      ["1,5", "Vul als groep een getal in, zoals 1 of 2."],
    ] as const) {
      const result = await post(["1", bad]);
      expect(result.status).toBe(400);
      expect((result.data as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({ [`group:${signatories[1]!.id}`]: [message] });
    }
    const unknownOrder = await callRoute(
      draftRoute.action,
      await signedInRequest(f.userRow.id, `/overeenkomsten/${f.agreementId}`, { method: "POST", form: { intent: "signing-order", revision: String(await f.revision()), signingOrder: "willekeurig" } }),
      { agreementId: f.agreementId },
    );
    expect(unknownOrder.status).toBe(400);
    expect((unknownOrder.data as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({ signingOrder: ["Kies hoe er ondertekend wordt."] });
    const after = await db.agreement.findUniqueOrThrow({ where: { id: f.agreementId } });
    expect([after.signingOrder, after.draftRevision]).toEqual([before.signingOrder, before.draftRevision]);
    expect((await db.signatory.findMany({ where: { agreementId: f.agreementId }, orderBy: { id: "asc" } })).map((s) => s.position)).toEqual(signatories.map((s) => s.position));

    // A good choice is stored; a group changed after freezing stops the sending until a new version is frozen.
    const ok = await post(["2", "1"]);
    expect(ok.status).toBe(200);
    expect((await db.signatory.findMany({ where: { agreementId: f.agreementId }, orderBy: { id: "asc" } })).map((s) => s.position)).toEqual([2, 1]);
    const version = await freezeDraft({ user: f.user, agreementId: f.agreementId, revision: await f.revision(), audit, now: NOW });
    await setSigningOrder({ user: f.user, agreementId: f.agreementId, revision: await f.revision(), audit, order: "groepen", groups: { [signatories[0]!.id]: 1 } });
    await expect(sendForSigning({ user: f.user, agreementId: f.agreementId, versionId: version.id, audit, now: NOW })).rejects.toThrow(
      "De ondertekenaars veranderden nadat deze versie werd vastgelegd. Leg een nieuwe versie vast.",
    );
  }, 60_000);
});
