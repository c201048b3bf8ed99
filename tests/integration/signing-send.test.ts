// Sending a frozen version for signing: permissions, the checks on the
// version, personal links (only their hash stored), expiry, parallel and
// sequential order, and what happens to a superseded version's links.
import { readFileSync, existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { signVersion } from "~/domain/signing/sign-version.server";
import { loadSigningPage } from "~/domain/signing/signing-link.server";
import { requestOneTimeCode } from "~/domain/signing/one-time-code.server";
import { sha256Hex } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createOrganisation, createUser } from "../factories";
import {
  codeIn,
  createFrozenVersion,
  freezeVersion,
  linkTokenIn,
  outboxMails,
  sessionUserFor,
  type SentMail,
} from "../factories/versions";
import { setTestEnv } from "../support/env";

let outbox: string;
const audit = { ipAddress: "203.0.113.7", userAgent: "vitest" };

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-send-outbox-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-send-certs-")) });
});

let seen = 0;
/** Mails sent since the previous call. */
async function newMails(): Promise<SentMail[]> {
  const all = await outboxMails(outbox);
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}
beforeEach(async () => {
  await newMails();
});

async function setUp(options: Parameters<typeof createFrozenVersion>[0] = {}) {
  const school = await createOrganisation("school");
  const clb = await createOrganisation("clb");
  const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
  const frozen = await createFrozenVersion({ school, clb, createdById: drafter.id, ...options });
  return { ...frozen, drafter, user: await sessionUserFor(drafter.id) };
}

function tokenFor(mails: SentMail[], email: string): string {
  const mail = mails.find((m) => m.to.includes(email) && m.subject.startsWith("Gevraagd"));
  const token = mail ? linkTokenIn(mail.text) : null;
  if (!token) throw new Error(`no signing link for ${email}`);
  return token;
}

async function signWith(token: string, name: string, now: Date) {
  await requestOneTimeCode({ token, audit, now });
  const codeMail = (await newMails()).find((m) => m.subject === "Uw code om te ondertekenen");
  return signVersion({ token, code: codeIn(codeMail!.text)!, consent: true, fullName: name, drawnSignature: null, audit, now });
}

describe("sendForSigning", () => {
  it("sends every signer a personal link; only the token's SHA-256 is stored", async () => {
    const f = await setUp();
    const now = new Date("2026-11-22T10:00:00Z");
    const result = await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now });
    expect(result.invited.sort()).toEqual(["anais.verbeke@school.test", "joelle.desmet@clb.test"]);

    const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    expect(version.status).toBe("ter_ondertekening");
    expect((await db.agreement.findUniqueOrThrow({ where: { id: f.agreement.id } })).status).toBe("ter_ondertekening");

    const mails = await newMails();
    expect(mails).toHaveLength(2);
    const requests = await db.signingRequest.findMany({ where: { versionId: f.version.id }, include: { signatory: true } });
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      const token = tokenFor(mails, request.signatory.email);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
      expect(request.tokenHash).toBe(sha256Hex(token));
      expect(request.status).toBe("verstuurd");
      expect(request.invitedAt).toEqual(now);
      expect(request.expiresAt).toEqual(new Date(now.getTime() + 30 * 86_400_000));
      // The token itself is nowhere in the database files.
      const file = process.env.DATABASE_URL!.replace(/^file:/, "");
      for (const part of [file, `${file}-wal`]) {
        if (existsSync(part)) expect(readFileSync(part).includes(Buffer.from(token))).toBe(false);
      }
    }
    const mail = mails[0]!;
    expect(mail.subject).toBe(`Gevraagd: onderteken „${f.agreement.title}”`);
    expect(mail.text).toContain("http://localhost:3000/onderteken/");
    expect(mail.text).toMatch(/werkt tot 22\/12\/2026 om 11:00/);

    const events = await db.auditEvent.findMany({ where: { versionId: f.version.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["signing.sent", "signing.invited", "signing.invited"]);
    expect(events[0]).toMatchObject({ actorUserId: f.drafter.id, ipAddress: "203.0.113.7", versionHash: f.version.contentHash });
  });

  it("honours SIGNING_LINK_DAYS, and a link stops working when it expires", async () => {
    const restoreEnv = setTestEnv({ SIGNING_LINK_DAYS: "7" });
    try {
      const f = await setUp();
      const now = new Date("2026-11-22T10:00:00Z");
      await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now });
      const token = tokenFor(await newMails(), "anais.verbeke@school.test");
      const request = await db.signingRequest.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } });
      expect(request.expiresAt).toEqual(new Date("2026-11-29T10:00:00Z"));

      const justBefore = new Date(request.expiresAt.getTime() - 1000);
      await expect(loadSigningPage({ token, audit, now: justBefore })).resolves.toMatchObject({ version: { number: 1 } });
      await expect(loadSigningPage({ token, audit, now: request.expiresAt })).rejects.toMatchObject({ code: "LINK_EXPIRED", status: 410 });
      await expect(requestOneTimeCode({ token, audit, now: new Date("2026-12-01T00:00:00Z") })).rejects.toMatchObject({ code: "LINK_UNAVAILABLE", status: 410 });
    } finally {
      restoreEnv();
    }
  });

  it("sequential order: only the first signer is invited; the next one after the first has signed", async () => {
    const f = await setUp({ signingOrder: "sequentieel" });
    const t0 = new Date("2026-11-22T10:00:00Z");
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: t0 });
    const first = await newMails();
    expect(first.map((m) => m.to)).toEqual([["anais.verbeke@school.test"]]);
    const waiting = await db.signingRequest.findFirstOrThrow({ where: { versionId: f.version.id, signatory: { email: "joelle.desmet@clb.test" } } });
    expect(waiting).toMatchObject({ status: "wachtend", invitedAt: null });

    const t1 = new Date("2026-11-24T08:00:00Z");
    const result = await signWith(tokenFor(first, "anais.verbeke@school.test"), "Anaïs Verbeke", t1);
    expect(result.completed).toBe(false);
    const second = await newMails();
    expect(second.map((m) => m.to)).toEqual([["joelle.desmet@clb.test"]]);
    const token = tokenFor(second, "joelle.desmet@clb.test");
    const invited = await db.signingRequest.findUniqueOrThrow({ where: { id: waiting.id } });
    expect(invited).toMatchObject({ status: "verstuurd", invitedAt: t1, tokenHash: sha256Hex(token) });
    expect(invited.expiresAt).toEqual(new Date(t1.getTime() + 30 * 86_400_000));

    const done = await signWith(token, "joelle de smet", new Date("2026-11-25T08:00:00Z"));
    expect(done.completed).toBe(true);
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).status).toBe("ondertekend");
  });

  it("a superseded version's links never work, and sending the newer version lapses them", async () => {
    const f = await setUp();
    const now = new Date("2026-11-22T10:00:00Z");
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now });
    const token = tokenFor(await newMails(), "anais.verbeke@school.test");
    await requestOneTimeCode({ token, audit, now });
    const code = codeIn((await newMails())[0]!.text)!;

    const { version: v2 } = await freezeVersion(f.agreement.id);
    // As soon as a newer version exists, the old link is dead, even with a valid code.
    await expect(loadSigningPage({ token, audit, now })).rejects.toMatchObject({ code: "LINK_UNAVAILABLE", status: 410 });
    await expect(
      signVersion({ token, code, consent: true, fullName: "Anaïs Verbeke", drawnSignature: null, audit, now }),
    ).rejects.toMatchObject({ code: "LINK_UNAVAILABLE", status: 410 });
    expect(await db.signature.count({ where: { versionId: f.version.id } })).toBe(0);

    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: v2.id, audit, now });
    const old = await db.signingRequest.findMany({ where: { versionId: f.version.id } });
    expect(old.map((r) => r.status)).toEqual(["vervallen", "vervallen"]);
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).status).toBe("vervangen");
    // The old version cannot be sent again either.
    await expect(
      sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a version that is not the latest, not a concept, or whose hash does not match", async () => {
    const f = await setUp();
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit });
    await expect(sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Deze versie werd al ter ondertekening verstuurd.",
    });

    const g = await setUp();
    const { version: bad } = await freezeVersion(g.agreement.id, { contentHashOverride: "f".repeat(64) });
    await expect(sendForSigning({ user: g.user, agreementId: g.agreement.id, versionId: g.version.id, audit })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Alleen de nieuwste versie kan ter ondertekening verstuurd worden.",
    });
    await expect(sendForSigning({ user: g.user, agreementId: g.agreement.id, versionId: bad.id, audit })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("klopt niet met haar vingerafdruk"),
    });
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: bad.id } })).status).toBe("concept");
    expect(await db.signingRequest.count({ where: { versionId: bad.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { versionId: bad.id, action: "signing.hash-mismatch" } })).toBe(1);
  });

  it("404 for a foreign agreement, 403 for a role that may not send", async () => {
    const f = await setUp();
    const stranger = await createUser([{ organisationId: (await createOrganisation("school")).id, role: "directie" }]);
    const error = await sendForSigning({
      user: await sessionUserFor(stranger.id),
      agreementId: f.agreement.id,
      versionId: f.version.id,
      audit,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 404 });

    const zorg = await createUser([{ organisationId: f.school.id, role: "zorgcoordinator" }]);
    await expect(
      sendForSigning({ user: await sessionUserFor(zorg.id), agreementId: f.agreement.id, versionId: f.version.id, audit }),
    ).rejects.toMatchObject({ status: 403 });
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).status).toBe("concept");
  });
});
