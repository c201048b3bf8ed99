// The one-time code: only its hash is stored; a wrong code counts an attempt,
// the fifth wrong attempt kills the code; a code expires after 10 minutes;
// at most 5 codes per signing request per hour.
import { createHash, createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CODE_MESSAGES, requestOneTimeCode } from "~/domain/signing/one-time-code.server";
import { otpHmacKey } from "~/domain/signing/otp-key.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { signVersion } from "~/domain/signing/sign-version.server";
import { SigningFormError } from "~/domain/signing/errors";
import { sha256Hex } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createOrganisation, createUser } from "../factories";
import { codeIn, createFrozenVersion, linkTokenIn, outboxMails, sessionUserFor } from "../factories/versions";
import { setTestEnv } from "../support/env";

let outbox: string;
const audit = { ipAddress: "198.51.100.4", userAgent: "vitest" };

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-code-outbox-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-code-certs-")) });
});

const T0 = new Date("2026-11-22T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A version sent for signing; returns the school signer's link token. */
async function sentVersion() {
  const clb = await createOrganisation("clb");
  const drafter = await createUser([{ organisationId: clb.id, role: "clb_directeur" }]);
  const email = `directie-${Math.random().toString(36).slice(2, 8)}@school.test`;
  const f = await createFrozenVersion({
    clb,
    createdById: drafter.id,
    signatories: [
      { partyRole: "school", name: "Anaïs Verbeke", functionTitle: "directeur", email },
      { partyRole: "clb", name: "Joëlle De Smet", functionTitle: "CLB-directeur", email: `clb-${email}` },
    ],
  });
  await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit, now: T0 });
  const invitation = (await outboxMails(outbox)).find((m) => m.to.includes(email) && m.subject.startsWith("Gevraagd"));
  const token = linkTokenIn(invitation!.text)!;
  const request = await db.signingRequest.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } });
  return { ...f, token, email, request, drafter };
}

async function latestCode(email: string): Promise<string> {
  const mails = (await outboxMails(outbox)).filter((m) => m.to.includes(email) && m.subject === "Uw code om te ondertekenen");
  return codeIn(mails.at(-1)!.text)!;
}

function sign(token: string, code: string, now: Date) {
  return signVersion({ token, code, consent: true, fullName: "Anaïs Verbeke", drawnSignature: null, audit, now });
}

async function formError(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SigningFormError);
  return (error as SigningFormError).fieldErrors;
}

describe("one-time code", () => {
  it("is mailed as 6 digits; only a hash is stored", async () => {
    const f = await sentVersion();
    const { expiresAt } = await requestOneTimeCode({ token: f.token, audit, now: T0 });
    expect(expiresAt).toEqual(at(10));
    const code = await latestCode(f.email);
    expect(code).toMatch(/^\d{6}$/);
    const request = await db.signingRequest.findUniqueOrThrow({ where: { id: f.request.id } });
    expect(request.otpHash).toMatch(/^[0-9a-f]{64}$/);
    expect(request.otpHash).not.toContain(code);
    expect(JSON.stringify(request)).not.toContain(`"${code}"`);
    expect(request).toMatchObject({ otpExpiresAt: at(10), otpAttempts: 0, otpSentCount: 1 });
    const event = await db.auditEvent.findFirstOrThrow({ where: { versionId: f.version.id, action: "signing.code-sent" } });
    expect(event).toMatchObject({ ipAddress: "198.51.100.4", userAgent: "vitest", versionHash: f.version.contentHash });
    expect(event.actorLabel).toBe(`Anaïs Verbeke <${f.email}>`);
    expect(event.data).not.toContain(code);
  });

  it("a wrong code says how many tries are left; the fifth wrong try kills the code", async () => {
    const f = await sentVersion();
    await requestOneTimeCode({ token: f.token, audit, now: T0 });
    const code = await latestCode(f.email);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await formError(sign(f.token, wrong, at(1)))).toEqual({ code: [`Deze code klopt niet. U kunt nog ${5 - attempt} keer proberen.`] });
    }
    expect(await formError(sign(f.token, wrong, at(1)))).toEqual({
      code: ["U vulde 5 keer een foute code in. Deze code werkt niet meer: vraag een nieuwe code aan."],
    });
    // Dead: even the right code no longer works.
    expect(await formError(sign(f.token, code, at(2)))).toEqual({ code: ["Vraag eerst een code aan met de knop „Stuur mij een code”."] });
    expect(await db.signature.count({ where: { versionId: f.version.id } })).toBe(0);
    const actions = (await db.auditEvent.findMany({ where: { versionId: f.version.id, action: { startsWith: "signing.code-" } }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["signing.code-sent", ...Array(4).fill("signing.code-wrong"), "signing.code-blocked"]);

    // A new code works again, with fresh attempts.
    await requestOneTimeCode({ token: f.token, audit, now: at(3) });
    expect((await db.signingRequest.findUniqueOrThrow({ where: { id: f.request.id } })).otpAttempts).toBe(0);
    await expect(sign(f.token, await latestCode(f.email), at(4))).resolves.toMatchObject({ completed: false });
  });

  it("expires after 10 minutes", async () => {
    const f = await sentVersion();
    await requestOneTimeCode({ token: f.token, audit, now: T0 });
    const code = await latestCode(f.email);
    expect(await formError(sign(f.token, code, at(10)))).toEqual({
      code: ["Deze code is verlopen: een code werkt 10 minuten. Vraag een nieuwe code aan."],
    });
    // The expired code was cleared; a new one works.
    await requestOneTimeCode({ token: f.token, audit, now: at(11) });
    await expect(sign(f.token, await latestCode(f.email), at(20))).resolves.toMatchObject({ completed: false });
  });

  it("at most 5 codes per request per hour", async () => {
    const f = await sentVersion();
    for (let i = 0; i < 5; i++) await requestOneTimeCode({ token: f.token, audit, now: at(i * 5) });
    const error = await requestOneTimeCode({ token: f.token, audit, now: at(30) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, message: expect.stringContaining("5 codes") });
    const codeMails = (await outboxMails(outbox)).filter((m) => m.to.includes(f.email) && m.subject === "Uw code om te ondertekenen");
    expect(codeMails).toHaveLength(5);
    expect(await db.auditEvent.count({ where: { versionId: f.version.id, action: "signing.code-rate-limited" } })).toBe(1);
    // The window slides: an hour after the first code, one more is allowed.
    await expect(requestOneTimeCode({ token: f.token, audit, now: at(61) })).resolves.toMatchObject({ expiresAt: at(71) });
    await expect(requestOneTimeCode({ token: f.token, audit, now: at(62) })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("a code belongs to its own request only", async () => {
    const f = await sentVersion();
    const g = await sentVersion();
    await requestOneTimeCode({ token: f.token, audit, now: T0 });
    await requestOneTimeCode({ token: g.token, audit, now: T0 });
    const fCode = await latestCode(f.email);
    const gCode = await latestCode(g.email);
    if (fCode !== gCode) {
      expect((await formError(sign(g.token, fCode, at(1)))).code?.[0]).toMatch(/klopt niet/);
    }
    await expect(sign(g.token, gCode, at(1))).resolves.toMatchObject({ completed: false });
  });
});

describe("one-time code: limits over the whole link", () => {
  it("stores an HMAC with the server key, not a hash anyone can test the million codes against", async () => {
    const f = await sentVersion();
    await requestOneTimeCode({ token: f.token, audit, now: T0 });
    const code = await latestCode(f.email);
    const { otpHash } = await db.signingRequest.findUniqueOrThrow({ where: { id: f.request.id } });
    expect(otpHash).toBe(createHmac("sha256", otpHmacKey()).update(`${f.request.id}:${code}`).digest("hex"));
    // Not the plain hash a database reader could test all million codes against.
    expect(otpHash).not.toBe(createHash("sha256").update(`${f.request.id}:${code}`).digest("hex"));
    await expect(sign(f.token, code, at(1))).resolves.toMatchObject({ completed: false });
  });

  it("at most 10 codes per link in all, however long the signer waits", async () => {
    const f = await sentVersion();
    for (let i = 0; i < 10; i++) await requestOneTimeCode({ token: f.token, audit, now: at(i * 30) });
    const error = await requestOneTimeCode({ token: f.token, audit, now: at(24 * 60) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, message: CODE_MESSAGES.exhausted });
    const codeMails = (await outboxMails(outbox)).filter((m) => m.to.includes(f.email) && m.subject === "Uw code om te ondertekenen");
    expect(codeMails).toHaveLength(10);
    expect((await db.signingRequest.findUniqueOrThrow({ where: { id: f.request.id } })).otpSentCount).toBe(10);
  });

  it("after 10 wrong codes in all no code works any more, and the sender is told after every killed code", async () => {
    const f = await sentVersion();
    const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");

    await requestOneTimeCode({ token: f.token, audit, now: T0 });
    const first = await latestCode(f.email);
    for (let i = 0; i < 5; i++) await formError(sign(f.token, wrongFor(first), at(1)));
    const alerts = () => db.outboxMessage.findMany({ where: { kind: "code-alert" }, orderBy: { createdAt: "asc" } });
    let sent = (await alerts()).filter((m) => m.recipient === f.drafter.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: `Foute codes bij het ondertekenen van „${f.agreement.title}”`, agreementId: f.agreement.id, status: "pending" });
    expect(sent[0]!.payload).toContain("al 5 keer een foute code ingevuld");

    await requestOneTimeCode({ token: f.token, audit, now: at(2) });
    const second = await latestCode(f.email);
    for (let i = 0; i < 4; i++) await formError(sign(f.token, wrongFor(second), at(3)));
    expect(await formError(sign(f.token, wrongFor(second), at(3)))).toEqual({ code: [CODE_MESSAGES.exhausted] });
    sent = (await alerts()).filter((m) => m.recipient === f.drafter.email);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.payload).toContain("Met deze link kan niet meer ondertekend worden.");

    // No new code, and not even a code issued before would work.
    await expect(requestOneTimeCode({ token: f.token, audit, now: at(120) })).rejects.toMatchObject({ message: CODE_MESSAGES.exhausted });
    expect(await formError(sign(f.token, second, at(121)))).toEqual({ code: [CODE_MESSAGES.exhausted] });
    expect(await db.signature.count({ where: { versionId: f.version.id } })).toBe(0);
    expect((await db.signingRequest.findUniqueOrThrow({ where: { id: f.request.id } })).otpWrongTotal).toBe(10);
  });
});
