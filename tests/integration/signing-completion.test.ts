// Completion: when the last signature lands — also when 20 signatories submit
// at the same moment — exactly one caller flips the version to "ondertekend",
// and exactly one sealed final PDF is stored and mailed. The PDF holds the
// clause text exactly, pdfsig accepts its seal, and one changed byte breaks it.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeSignaturePng, normaliseWhitespace, pdftotextPages, runPoppler, writeTempPdf } from "../support/pdf";
import { createMailer, mailConfigFromEnv } from "~/domain/mail/send-mail.server";
import { deliverDue } from "~/domain/reminders/outbox.server";
import { finalizePendingVersions } from "~/domain/signing/finalize-version.server";
import { requestOneTimeCode } from "~/domain/signing/one-time-code.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { signVersion } from "~/domain/signing/sign-version.server";
import * as pdfRoute from "~/routes/overeenkomsten.$agreementId.pdf";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import {
  codeIn,
  createFrozenVersion,
  freezeVersion,
  linkTokenIn,
  outboxMails,
  SAMPLE_CLAUSES,
  sessionUserFor,
  type SignatorySpec,
} from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

let outbox: string;
let tmp: string;
const audit = { ipAddress: "203.0.113.20", userAgent: "vitest" };

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-complete-outbox-"));
  tmp = mkdtempSync(path.join(os.tmpdir(), "akkoord-complete-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-complete-certs-")) });
});

const VALID = "Signature Validation: Signature is Valid.";

/**
 * The one moment these tests live at (inside the factories' school year
 * 2026-2027, before its evaluation moments): every send, code, signature and
 * recovery takes it, so the suite passes whatever day the machine says.
 */
const NOW = new Date("2026-11-22T13:05:00Z");

/** Sends the version and returns, per signer e-mail, a link token and a fresh code. */
async function sendAndPrepareCodes(f: Awaited<ReturnType<typeof createFrozenVersion>>, userId: string, now: Date) {
  await sendForSigning({ user: await sessionUserFor(userId), agreementId: f.agreement.id, versionId: f.version.id, audit, now });
  const mails = await outboxMails(outbox);
  const signers = f.signatories.filter((s) => s.kind === "signer");
  const prepared = [];
  for (const signer of signers) {
    const invitation = mails.filter((m) => m.to.includes(signer.email) && m.subject.startsWith("Gevraagd")).at(-1);
    const token = linkTokenIn(invitation!.text)!;
    await requestOneTimeCode({ token, audit, now });
    const codeMail = (await outboxMails(outbox)).filter((m) => m.to.includes(signer.email) && m.subject === "Uw code om te ondertekenen").at(-1);
    prepared.push({ signer, token, code: codeIn(codeMail!.text)! });
  }
  return prepared;
}

describe("twenty signatories sign at the same moment", () => {
  let f: Awaited<ReturnType<typeof createFrozenVersion>>;
  let results: Awaited<ReturnType<typeof signVersion>>[];
  const stamp = randomUUID().slice(0, 8);

  beforeAll(async () => {
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_directeur" }]);
    const signatories: SignatorySpec[] = Array.from({ length: 20 }, (_, i) => ({
      partyRole: i % 2 === 0 ? "school" : "clb",
      name: `Ondertekenaar ${i + 1} Peeters`,
      functionTitle: i % 2 === 0 ? "directeur" : "CLB-directeur",
      email: `ondertekenaar-${i + 1}-${stamp}@test.example`,
    }));
    signatories.push({ partyRole: "school", name: "Zoë Claes", functionTitle: "zorgcoördinator", email: `ter-info-${stamp}@test.example`, kind: "cc" });
    f = await createFrozenVersion({ clb, createdById: drafter.id, signatories });
    const prepared = await sendAndPrepareCodes(f, drafter.id, NOW);
    expect(prepared).toHaveLength(20);
    results = await Promise.all(
      prepared.map(({ signer, token, code }) =>
        signVersion({ token, code, consent: true, fullName: signer.name, drawnSignature: makeSignaturePng(), audit, now: NOW }),
      ),
    );
  }, 60_000);

  it("every signature is stored and exactly one caller completes the version", async () => {
    expect(results.filter((r) => r.completed)).toHaveLength(1);
    expect(results.filter((r) => r.finalPdfStored)).toHaveLength(1);
    expect(await db.signature.count({ where: { versionId: f.version.id, outcome: "signed" } })).toBe(20);
    const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    expect(version.status).toBe("ondertekend");
    expect(version.finalPdf).not.toBeNull();
    expect((await db.agreement.findUniqueOrThrow({ where: { id: f.agreement.id } })).status).toBe("ondertekend");
    const count = (action: string) => db.auditEvent.count({ where: { versionId: f.version.id, action } });
    expect(await count("signing.completed")).toBe(1);
    expect(await count("signing.final-pdf-stored")).toBe(1);
    expect(await count("signing.final-pdf-mailed")).toBe(1);
    expect(await count("signing.signed")).toBe(20);
    // Signed on NOW (22/11/2026): the afsprakennota's two moments of 2026-2027 are planned.
    const moments = await db.evaluationMoment.findMany({ where: { agreementId: f.agreement.id }, orderBy: { date: "asc" } });
    expect(moments.map((m) => [m.date, m.label])).toEqual([
      ["2027-01-11", "Tussentijdse evaluatie"],
      ["2027-05-14", "Eindevaluatie"],
    ]);
  });

  it("mails the final PDF once to every signatory and the 'ter info' recipient", async () => {
    const mails = (await outboxMails(outbox)).filter((m) => m.subject === `Ondertekend: „${f.agreement.title}”`);
    const recipients = mails.map((m) => m.to[0]).sort();
    expect(recipients).toEqual(f.signatories.map((s) => s.email).sort());
    expect(recipients).toHaveLength(21);
    const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    for (const mail of mails) {
      expect(mail.attachments).toEqual([
        { filename: expect.stringMatching(/-versie-1-ondertekend\.pdf$/), contentType: "application/pdf", size: version.finalPdf!.byteLength },
      ]);
      expect(mail.text).toContain("http://localhost:3000/verifieer");
    }
    // The .eml carries the PDF itself.
    const eml = readFileSync(path.join(outbox, mails[0]!.file), "latin1");
    expect(eml).toContain("Content-Type: application/pdf");
    expect(eml).toContain(Buffer.from(version.finalPdf!).subarray(0, 48).toString("base64").slice(0, 40));
  });

  it("running the recovery afterwards changes nothing", async () => {
    const before = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    const mailsBefore = (await outboxMails(outbox)).length;
    const result = await finalizePendingVersions({ now: NOW });
    expect(result.finalized).not.toContain(f.version.id);
    expect(result.mailed).not.toContain(f.version.id);
    const after = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    expect(Buffer.from(after.finalPdf!).equals(Buffer.from(before.finalPdf!))).toBe(true);
    expect((await outboxMails(outbox)).length).toBe(mailsBefore);
  });
});

describe("the final PDF", () => {
  let pdf: Uint8Array;
  let f: Awaited<ReturnType<typeof createFrozenVersion>>;
  let drafterId: string;

  beforeAll(async () => {
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    drafterId = drafter.id;
    f = await createFrozenVersion({ clb, createdById: drafter.id });
    for (const { signer, token, code } of await sendAndPrepareCodes(f, drafter.id, NOW)) {
      await signVersion({ token, code, consent: true, fullName: signer.name, drawnSignature: makeSignaturePng(), audit, now: NOW });
    }
    const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    pdf = new Uint8Array(version.finalPdf!);
  }, 60_000);

  it("contains every clause text exactly, Dutch characters included, the signatures and the version hash", () => {
    const text = normaliseWhitespace(pdftotextPages(writeTempPdf(tmp, "final.pdf", pdf)).join("\n"));
    for (const clause of SAMPLE_CLAUSES) {
      expect(text).toContain(normaliseWhitespace(clause.text));
      expect(text).toContain(clause.title);
    }
    expect(text).toContain("“ankerfiguur” Joëlle De Smet");
    expect(text).toContain("€ 250");
    expect(text).toContain("Anaïs Verbeke");
    expect(text).toContain("Ondertekend op 22/11/2026 om 14:05");
    expect(text).toContain("De school plant een startoverleg met het CLB");
    expect(text).toContain(f.version.contentHash);
    expect(text).toContain("Audittrail");
    expect(text).toContain("Ondertekend");
    expect(text).not.toMatch(/C\s*O\s*N\s*C\s*E\s*P\s*T/);
  });

  it("pdfsig says the seal is valid, and invalid after changing one byte", () => {
    const valid = runPoppler("pdfsig", [writeTempPdf(tmp, "sealed.pdf", pdf)]);
    expect(`${valid.stdout}${valid.stderr}`).toContain(VALID);

    const text = Buffer.from(pdf).toString("latin1");
    const at = text.lastIndexOf("verzegeld door Akkoord");
    expect(at).toBeGreaterThan(0);
    const tampered = Uint8Array.from(pdf);
    tampered[at + 3] = "Z".charCodeAt(0);
    const broken = runPoppler("pdfsig", [writeTempPdf(tmp, "tampered.pdf", tampered)]);
    expect(`${broken.stdout}${broken.stderr}`).not.toContain(VALID);
    expect(`${broken.stdout}${broken.stderr}`).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });

  it("can be downloaded by a party member, not by anyone else; an unsigned version comes with a CONCEPT watermark", async () => {
    const url = `/overeenkomsten/${f.agreement.id}/pdf`;
    const ok = await pdfRoute.loader({ request: await signedInRequest(drafterId, url), params: { agreementId: f.agreement.id }, context: {} });
    expect(ok.headers.get("Content-Type")).toBe("application/pdf");
    expect(ok.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".*-versie-1-ondertekend\.pdf"$/);
    expect(Buffer.from(await ok.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    const stranger = await createUser([{ organisationId: (await createOrganisation("school")).id, role: "directie" }]);
    const foreign = await callRoute(pdfRoute.loader, await signedInRequest(stranger.id, url), { agreementId: f.agreement.id });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.data)).not.toContain(f.agreement.title);

    expect((await callRoute(pdfRoute.loader, await signedInRequest(drafterId, `${url}?versie=7`), { agreementId: f.agreement.id })).status).toBe(404);
    expect((await callRoute(pdfRoute.loader, await signedInRequest(drafterId, `${url}?versie=een`), { agreementId: f.agreement.id })).status).toBe(400);

    // An amendment (version 2), frozen but not signed: a fresh CONCEPT rendering.
    await freezeVersion(f.agreement.id, { clauses: [{ ...SAMPLE_CLAUSES[0]!, text: "Gewijzigde tekst voor versie twee." }] });
    const concept = await pdfRoute.loader({ request: await signedInRequest(drafterId, url), params: { agreementId: f.agreement.id }, context: {} });
    expect(concept.headers.get("Content-Disposition")).toMatch(/-versie-2-concept\.pdf"$/);
    const conceptText = pdftotextPages(writeTempPdf(tmp, "concept.pdf", new Uint8Array(await concept.arrayBuffer()))).join("\n");
    expect(conceptText).toMatch(/C\s*O\s*N\s*C\s*E\s*P\s*T/); // the diagonal watermark, letter by letter
    expect(normaliseWhitespace(conceptText)).toContain("Gewijzigde tekst voor versie twee.");
    const v1 = await pdfRoute.loader({ request: await signedInRequest(drafterId, `${url}?versie=1`), params: { agreementId: f.agreement.id }, context: {} });
    expect(Buffer.from(await v1.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
  });

  it("npm run agreement:pdf writes the signed PDF, or a CONCEPT rendering, and says in Dutch what is wrong", async () => {
    const run = (...args: string[]) =>
      spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/agreement-pdf.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      });
    const out = path.join(tmp, "script.pdf");
    const ok = run(f.agreement.id, out);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("Ondertekende versie 1");
    expect(readFileSync(out).equals(Buffer.from(pdf))).toBe(true);

    const draft = await createFrozenVersion();
    const conceptOut = path.join(tmp, "script-concept.pdf");
    const concept = run(draft.agreement.id, conceptOut);
    expect(concept.status).toBe(0);
    expect(concept.stdout).toContain("Versie 1 (nog niet ondertekend, met watermerk CONCEPT)");
    expect(pdftotextPages(conceptOut).join("\n")).toMatch(/C\s*O\s*N\s*C\s*E\s*P\s*T/);

    const unknown = run("bestaat-niet", out);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Er is geen overeenkomst met id "bestaat-niet".');
    const missing = run(f.agreement.id);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Gebruik: npm run agreement:pdf --");
  });
});

describe("amendments and recovery", () => {
  async function signedVersion() {
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    const f = await createFrozenVersion({ clb, createdById: drafter.id });
    return { f, drafter };
  }

  it("a signed amendment replaces the previously signed version, which stays in force until then", async () => {
    const { f, drafter } = await signedVersion();
    for (const { signer, token, code } of await sendAndPrepareCodes(f, drafter.id, NOW)) {
      await signVersion({ token, code, consent: true, fullName: signer.name, drawnSignature: null, audit, now: NOW });
    }
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).status).toBe("ondertekend");

    const { version: v2 } = await freezeVersion(f.agreement.id);
    const prepared = await sendAndPrepareCodes({ ...f, version: v2 }, drafter.id, NOW);
    const [first, last] = prepared as [(typeof prepared)[0], (typeof prepared)[0]];
    await signVersion({ token: first.token, code: first.code, consent: true, fullName: first.signer.name, drawnSignature: null, audit, now: NOW });
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).status).toBe("ondertekend");

    const done = await signVersion({ token: last.token, code: last.code, consent: true, fullName: last.signer.name, drawnSignature: null, audit, now: NOW });
    expect(done).toEqual({ completed: true, finalPdfStored: true });
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: v2.id } })).status).toBe("ondertekend");
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).status).toBe("vervangen");
    expect(await db.auditEvent.count({ where: { versionId: f.version.id, action: "signing.version-superseded" } })).toBe(1);
    // The replaced version keeps its own sealed PDF.
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).finalPdf).not.toBeNull();
  });

  it("a sealed PDF whose mails failed stays in the outbox and is retried; recovery does not queue it again", async () => {
    const { f, drafter } = await signedVersion();
    const prepared = await sendAndPrepareCodes(f, drafter.id, NOW);
    // The mail transport breaks (its folder is a file) while the last signature lands.
    const broken = path.join(tmp, "not-a-folder");
    writeFileSync(broken, "");
    const restoreEnv = setTestEnv({ MAIL_OUTBOX_DIR: broken });
    try {
      for (const { signer, token, code } of prepared) {
        await signVersion({ token, code, consent: true, fullName: signer.name, drawnSignature: null, audit, now: NOW });
      }
    } finally {
      restoreEnv();
    }
    const events = async (action: string) => db.auditEvent.count({ where: { versionId: f.version.id, action } });
    expect(await events("signing.final-pdf-stored")).toBe(1);
    expect(await events("signing.final-pdf-mailed")).toBe(1); // queued in the outbox with the PDF
    expect(await events("signing.mail-failed")).toBe(f.signatories.length);
    const queued = () => db.outboxMessage.findMany({ where: { kind: "signing-final-pdf", idempotencyKey: { contains: f.version.id } } });
    expect((await queued()).map((m) => [m.status, m.attempts])).toEqual(f.signatories.map(() => ["pending", 1]));

    const mailsBefore = (await outboxMails(outbox)).length;
    expect((await finalizePendingVersions({ now: NOW })).mailed).not.toContain(f.version.id);
    expect((await outboxMails(outbox)).length).toBe(mailsBefore);

    // The sweep's delivery retries them after the first back-off (one minute).
    await deliverDue({ now: new Date(NOW.getTime() + 2 * 60_000), mailer: createMailer(mailConfigFromEnv()) });
    const finalMails = (await outboxMails(outbox)).slice(mailsBefore).filter((m) => m.attachments.length === 1);
    expect(finalMails.map((m) => m.to[0]).sort()).toEqual(f.signatories.map((s) => s.email).sort());
    expect((await queued()).every((m) => m.status === "sent")).toBe(true);
  });

  it("a crash after the flip is repaired by finalizePendingVersions, once", async () => {
    const { f, drafter } = await signedVersion();
    const [first, last] = (await sendAndPrepareCodes(f, drafter.id, NOW)) as Array<{ signer: { id: string; name: string }; token: string; code: string }>;
    await signVersion({ token: first!.token, code: first!.code, consent: true, fullName: first!.signer.name, drawnSignature: null, audit, now: NOW });

    // The writes of the last signature and the flip, without the PDF step.
    const request = await db.signingRequest.findFirstOrThrow({ where: { versionId: f.version.id, signatoryId: last!.signer.id } });
    await db.$transaction(async (tx) => {
      await tx.signingRequest.update({ where: { id: request.id }, data: { status: "ondertekend", completedAt: NOW } });
      await tx.signature.create({
        data: { versionId: f.version.id, signatoryId: last!.signer.id, outcome: "signed", typedName: last!.signer.name, versionHash: f.version.contentHash },
      });
      await tx.agreementVersion.update({ where: { id: f.version.id }, data: { status: "ondertekend" } });
    });
    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).finalPdf).toBeNull();

    const mailsBefore = (await outboxMails(outbox)).length;
    const firstRun = await finalizePendingVersions({ now: NOW });
    expect(firstRun.finalized).toContain(f.version.id);
    const stored = await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } });
    expect(stored.finalPdf).not.toBeNull();
    const finalMails = (await outboxMails(outbox)).slice(mailsBefore).filter((m) => m.attachments.length === 1);
    expect(finalMails.map((m) => m.to[0]).sort()).toEqual(f.signatories.map((s) => s.email).sort());
    const valid = runPoppler("pdfsig", [writeTempPdf(tmp, "recovered.pdf", new Uint8Array(stored.finalPdf!))]);
    expect(`${valid.stdout}${valid.stderr}`).toContain(VALID);

    // Idempotent: a second run does nothing; finalPdf can never be replaced.
    const mailsAfter = (await outboxMails(outbox)).length;
    const secondRun = await finalizePendingVersions({ now: NOW });
    expect(secondRun.finalized).not.toContain(f.version.id);
    expect(secondRun.mailed).not.toContain(f.version.id);
    expect((await outboxMails(outbox)).length).toBe(mailsAfter);
    await expect(
      db.$transaction((tx) => tx.agreementVersion.update({ where: { id: f.version.id }, data: { finalPdf: Buffer.from("anders") } })),
    ).rejects.toThrow();
  });
});
