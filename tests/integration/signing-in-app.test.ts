// "Nu ondertekenen" in the app (/overeenkomsten/<id>/ondertekenen): a
// signed-in signatory signs with their password as the proof. Only the
// signatory themselves; a wrong password signs nothing (and is throttled like
// a sign-in); the audit event records the proof; the content hash is checked;
// "Stuur de link opnieuw" mails the signatory a new link.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { IN_APP_MESSAGES } from "~/domain/signing/form-rules";
import * as agreementPage from "~/routes/overeenkomsten.$agreementId._index";
import * as inAppRoute from "~/routes/overeenkomsten.$agreementId.ondertekenen";
import { db } from "~/utils/db.server";
import { runWithClientAddress } from "~/utils/request-info.server";
import { createOrganisation, createUser, signedInRequest, TEST_PASSWORD } from "../factories";
import { createFrozenVersion, freezeVersion, outboxMails, sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

let outbox: string;

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-in-app-outbox-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-in-app-certs-")) });
});

let counter = 0;
async function sentVersion(signingOrder: "parallel" | "sequentieel" = "parallel") {
  counter++;
  const stamp = `${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const school = await createOrganisation("school");
  const clb = await createOrganisation("clb");
  const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }], `opsteller-${stamp}@clb.test`);
  const directie = await createUser([{ organisationId: school.id, role: "directie" }], `directie-${stamp}@school.test`);
  // A colleague of the same school, with every right on the agreement, but not its signatory.
  const colleague = await createUser([{ organisationId: school.id, role: "directie" }], `collega-${stamp}@school.test`);
  const schoolSigner = { partyRole: "school", name: "Anaïs Verbeke", functionTitle: "directeur", email: directie.email } as const;
  const clbSigner = { partyRole: "clb", name: "Joëlle De Smet", functionTitle: "CLB-directeur", email: `clb-${stamp}@clb.test` } as const;
  const f = await createFrozenVersion({
    school,
    clb,
    createdById: drafter.id,
    signingOrder,
    // In order: the CLB first, then the school.
    signatories: signingOrder === "sequentieel" ? [clbSigner, schoolSigner] : [schoolSigner, clbSigner],
  });
  await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit: { ipAddress: "10.0.0.1" } });
  return { ...f, directie, colleague, drafter };
}

function url(agreementId: string) {
  return `http://localhost/overeenkomsten/${agreementId}/ondertekenen`;
}

async function post(userId: string, agreementId: string, form: Record<string, string>, ip = "192.0.2.10") {
  const request = await signedInRequest(userId, url(agreementId), { form });
  return runWithClientAddress(ip, () => callRoute(inAppRoute.action, request, { agreementId }));
}

async function load(userId: string, agreementId: string) {
  const request = await signedInRequest(userId, url(agreementId));
  return runWithClientAddress("192.0.2.10", () => callRoute(inAppRoute.loader, request, { agreementId }));
}

const SIGN = { intent: "sign", consent: "ja", fullName: "anais verbeke" };
type Reply = { message?: string; fieldErrors?: Record<string, string[]>; ok?: string };

const signatures = (versionId: string) => db.signature.count({ where: { versionId } });

describe("signing in the app", () => {
  it("only the signatory themselves: a colleague of the same school cannot see the form nor sign, even with their own right password", async () => {
    const f = await sentVersion();
    const page = await load(f.colleague.id, f.agreement.id);
    expect(page.status).toBe(403);
    expect((page.data as Reply).message).toBe(IN_APP_MESSAGES.notSignatory);

    const result = await post(f.colleague.id, f.agreement.id, { ...SIGN, password: TEST_PASSWORD, fullName: "Anaïs Verbeke" });
    expect(result.status).toBe(403);
    expect(await signatures(f.version.id)).toBe(0);
    expect((await post(f.colleague.id, f.agreement.id, { intent: "resend-link" })).status).toBe(403);

    // The agreement page offers the colleague nothing; the signatory gets "Nu ondertekenen".
    const colleaguePage = await callRoute(agreementPage.loader, await signedInRequest(f.colleague.id, `/overeenkomsten/${f.agreement.id}`), { agreementId: f.agreement.id });
    expect((colleaguePage.data as { ownSigning: unknown }).ownSigning).toBeNull();
    const ownPage = await callRoute(agreementPage.loader, await signedInRequest(f.directie.id, `/overeenkomsten/${f.agreement.id}`), { agreementId: f.agreement.id });
    expect((ownPage.data as { ownSigning: unknown }).ownSigning).toEqual({ versionNumber: 1, state: "open" });
  });

  it("a wrong password gets a Dutch message and a 400, signs nothing, and is throttled like a sign-in", async () => {
    const f = await sentVersion();
    const wrong = await post(f.directie.id, f.agreement.id, { ...SIGN, password: "niet-mijn-wachtwoord" }, "192.0.2.20");
    expect(wrong.status).toBe(400);
    expect((wrong.data as Reply).fieldErrors).toEqual({ password: [IN_APP_MESSAGES.passwordWrong] });
    expect(await signatures(f.version.id)).toBe(0);
    expect(await db.signingRequest.count({ where: { versionId: f.version.id, status: "ondertekend" } })).toBe(0);

    const empty = await post(f.directie.id, f.agreement.id, { ...SIGN, password: "" }, "192.0.2.20");
    expect(empty.status).toBe(400);
    expect((empty.data as Reply).fieldErrors).toEqual({ password: [IN_APP_MESSAGES.passwordMissing] });

    // The login throttle: after the free tries, even the right password waits.
    for (let i = 0; i < 5; i++) await post(f.directie.id, f.agreement.id, { ...SIGN, password: `fout-${i}` }, "192.0.2.20");
    const throttled = await post(f.directie.id, f.agreement.id, { ...SIGN, password: TEST_PASSWORD }, "192.0.2.20");
    expect(throttled.status).toBe(429);
    expect((throttled.data as Reply).message).toMatch(/^Te veel foute wachtwoorden\. Probeer het over \d+ seconden opnieuw\.$/);
    expect(await signatures(f.version.id)).toBe(0);
  });

  it("signs with the password; the signature carries the version's hash, the audit event the proof; signing again is refused", async () => {
    const f = await sentVersion();
    const noConsent = await post(f.directie.id, f.agreement.id, { intent: "sign", fullName: "Anaïs Verbeke", password: TEST_PASSWORD });
    expect(noConsent.status).toBe(400);
    expect((noConsent.data as Reply).fieldErrors).toEqual({ consent: ["Vink aan dat u het document gelezen hebt en akkoord gaat."] });

    const result = await post(f.directie.id, f.agreement.id, { ...SIGN, password: TEST_PASSWORD });
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/overeenkomsten/${f.agreement.id}/ondertekenen`);
    const signature = await db.signature.findFirstOrThrow({ where: { versionId: f.version.id }, include: { signatory: true } });
    expect(signature).toMatchObject({ outcome: "signed", typedName: "anais verbeke", versionHash: f.version.contentHash, ipAddress: "192.0.2.10" });
    expect(signature.signatory.email).toBe(f.directie.email);
    const event = await db.auditEvent.findFirstOrThrow({ where: { versionId: f.version.id, action: "signing.signed" } });
    expect(event.actorUserId).toBe(f.directie.id);
    expect(event.versionHash).toBe(f.version.contentHash);
    expect(JSON.parse(event.data!)).toMatchObject({ proof: "password", typedName: "anais verbeke" });

    const again = await post(f.directie.id, f.agreement.id, { ...SIGN, password: TEST_PASSWORD });
    expect(again.status).toBe(409);
    expect((again.data as Reply).message).toBe(IN_APP_MESSAGES.alreadySigned);
    expect(await signatures(f.version.id)).toBe(1);
    const page = await load(f.directie.id, f.agreement.id);
    expect(page.data).toMatchObject({ state: "signed", document: null });
  });

  it("a superseded version and a version whose content does not match its hash cannot be signed", async () => {
    const f = await sentVersion();
    // A newer version exists: version 1 is no longer the one to sign.
    await freezeVersion(f.agreement.id);
    const superseded = await post(f.directie.id, f.agreement.id, { ...SIGN, password: TEST_PASSWORD });
    expect(superseded.status).toBe(409);
    expect((superseded.data as Reply).message).toBe(IN_APP_MESSAGES.closed);
    expect(await signatures(f.version.id)).toBe(0);

    const g = await sentVersion();
    const { version: bad } = await freezeVersion(g.agreement.id, { contentHashOverride: "e".repeat(64) });
    await db.$transaction(async (tx) => {
      await tx.agreementVersion.update({ where: { id: bad.id }, data: { status: "ter_ondertekening" } });
      await tx.signingRequest.create({
        data: { versionId: bad.id, signatoryId: g.signatories[0]!.id, tokenHash: "f".repeat(64), expiresAt: new Date(Date.now() + 86_400_000), invitedAt: new Date() },
      });
    });
    expect((await load(g.directie.id, g.agreement.id)).status).toBe(409);
    const tampered = await post(g.directie.id, g.agreement.id, { ...SIGN, password: TEST_PASSWORD });
    expect(tampered.status).toBe(409);
    expect(await signatures(bad.id)).toBe(0);
    expect(await db.auditEvent.count({ where: { versionId: bad.id, action: "signing.hash-mismatch" } })).toBe(2);
  });

  it("in sequential signing the directie waits for their turn: a clear message, nothing signed", async () => {
    const f = await sentVersion("sequentieel");
    expect(await db.signingRequest.findFirstOrThrow({ where: { versionId: f.version.id, signatory: { email: f.directie.email } } })).toMatchObject({ status: "wachtend" });
    expect((await load(f.directie.id, f.agreement.id)).data).toMatchObject({ state: "waiting", document: null });
    const early = await post(f.directie.id, f.agreement.id, { ...SIGN, password: TEST_PASSWORD });
    expect(early.status).toBe(409);
    expect((early.data as Reply).message).toBe(IN_APP_MESSAGES.waiting);
    expect(await signatures(f.version.id)).toBe(0);
  });

  it("“Stuur de link opnieuw”: the signatory gets a new link by e-mail, recorded in the audit log", async () => {
    const f = await sentVersion();
    const before = (await outboxMails(outbox)).filter((m) => m.to.includes(f.directie.email)).length;
    const result = await post(f.directie.id, f.agreement.id, { intent: "resend-link" });
    expect(result.status).toBe(200);
    expect((result.data as Reply).ok).toContain(f.directie.email);
    const mails = (await outboxMails(outbox)).filter((m) => m.to.includes(f.directie.email) && m.subject.startsWith("Gevraagd"));
    expect(mails.length).toBe(before + 1);
    const event = await db.auditEvent.findFirstOrThrow({ where: { versionId: f.version.id, action: "signing.link-resent" } });
    expect(event.actorUserId).toBe(f.directie.id);
  });
});
