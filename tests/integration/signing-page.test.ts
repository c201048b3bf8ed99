// The public signing page (/onderteken/<token>) through its loader and
// action: what it shows, the neutral page for every link that does not work,
// the form's checks (code, consent, name, drawn signature) and refusing.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encodePng, makeSignaturePng } from "../support/pdf";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import * as beheerBerichten from "~/routes/beheer.berichten";
import * as outboxRoute from "~/routes/dev.outbox";
import * as signingRoute from "~/routes/onderteken.$token";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { runWithClientAddress } from "~/utils/request-info.server";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { codeIn, createFrozenVersion, freezeVersion, linkTokenIn, outboxMails, sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

let outbox: string;

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-page-outbox-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-page-certs-")) });
});

// The client address comes from the Express layer (req.ip), never from a header the client sends.
const CLIENT_ADDRESS = "192.0.2.9";
const HEADERS = { "x-forwarded-for": "203.0.113.66", "user-agent": "Mozilla/5.0 (iPhone) test" };

function pageRequest(token: string) {
  return new Request(`http://localhost/onderteken/${token}`, { headers: HEADERS });
}

function formRequest(token: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return new Request(`http://localhost/onderteken/${token}`, { method: "POST", body: form, headers: HEADERS });
}

const load = (token: string) => runWithClientAddress(CLIENT_ADDRESS, () => callRoute(signingRoute.loader, pageRequest(token), { token }));
const post = (token: string, fields: Record<string, string | File>) =>
  runWithClientAddress(CLIENT_ADDRESS, () => callRoute(signingRoute.action, formRequest(token, fields), { token }));

type Reply = { intent: string; result?: { status: string; error?: Record<string, string[]> }; message?: string };
const errorsOf = (data: unknown) => (data as Reply).result?.error ?? {};

let counter = 0;
async function sentVersion() {
  counter++;
  const school = await createOrganisation("school");
  const clb = await createOrganisation("clb");
  const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }], `opsteller-${counter}-${Date.now()}@clb.test`);
  const signers = {
    school: `directeur-${counter}-${Date.now()}@school.test`,
    clb: `clb-directeur-${counter}-${Date.now()}@clb.test`,
  };
  const f = await createFrozenVersion({
    school,
    clb,
    createdById: drafter.id,
    signatories: [
      { partyRole: "school", name: "Anaïs Verbeke", functionTitle: "directeur", email: signers.school },
      { partyRole: "clb", name: "Joëlle De Smet", functionTitle: "CLB-directeur", email: signers.clb },
      { partyRole: "school", name: "Tom De Smet", functionTitle: "zorgcoördinator", email: `zorg-${counter}@school.test`, kind: "cc" },
    ],
  });
  const user = await sessionUserFor(drafter.id);
  await sendForSigning({ user, agreementId: f.agreement.id, versionId: f.version.id, audit: { ipAddress: "10.0.0.1" } });
  const mails = await outboxMails(outbox);
  const tokenOf = (email: string) => linkTokenIn(mails.find((m) => m.to.includes(email) && m.subject.startsWith("Gevraagd"))!.text)!;
  return { ...f, drafter, user, signers, schoolToken: tokenOf(signers.school), clbToken: tokenOf(signers.clb) };
}

async function codeFor(token: string, email: string): Promise<string> {
  const result = await post(token, { intent: "code" });
  expect(result.status).toBe(200);
  const mails = (await outboxMails(outbox)).filter((m) => m.to.includes(email) && m.subject === "Uw code om te ondertekenen");
  return codeIn(mails.at(-1)!.text)!;
}

describe("the signing page", () => {
  let f: Awaited<ReturnType<typeof sentVersion>>;
  beforeAll(async () => {
    f = await sentVersion();
  });

  it("shows the whole document, the commitments and who signs, without revealing the e-mail address in full", async () => {
    const result = await load(f.schoolToken);
    expect(result.status).toBe(200);
    const page = result.data as Awaited<ReturnType<typeof signingRoute.loader>>;
    expect(page.document.title).toBe(f.agreement.title);
    expect(page.document.sections.map((s) => s.title)).toEqual([
      "Doel en kader",
      "Bereikbaarheid en praktische afspraken",
      "Wie doet wat",
      "Evaluatie en bijsturing",
    ]);
    expect(page.document.sections[1]!.clauses.map((c) => c.text)).toEqual([f.snapshot.clauses[1]!.renderedText, f.snapshot.clauses[2]!.renderedText]);
    expect(page.document.parties.map((p) => p.roleLabel)).toEqual(["School", "CLB"]);
    expect(page.document.commitments[0]).toEqual({
      who: f.school.name,
      what: "De school plant een startoverleg met het CLB in de eerste maand van het schooljaar.",
      due: "30/09/2026",
      rasci: "School: R · CLB: C",
    });
    expect(page.document.commitments[1]).toMatchObject({ due: "Elk trimester", rasci: "CLB: R · School: I" });
    // First, in short: what the signer's own party commits to, and the key dates.
    expect(page.summary.party).toEqual({ name: f.school.name, roleLabel: "School" });
    expect(page.summary.commitments).toEqual([
      {
        what: "De school plant een startoverleg met het CLB in de eerste maand van het schooljaar.",
        bearer: f.school.name,
        due: "30/09/2026",
        ownRole: "Voert uit (Responsible)",
      },
    ]);
    expect(page.summary.duration).toBe(`Schooljaar ${f.agreement.schoolYear}`);
    expect(page.summary.evaluations.length).toBeGreaterThan(0);
    expect(page.summary.evaluations[0]!.date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(page.signatory).toMatchObject({ name: "Anaïs Verbeke", functionTitle: "directeur", organisation: f.school.name });
    expect(page.signatory.email).not.toBe(f.signers.school);
    expect(page.signatory.email).toMatch(/^d•+@school\.test$/);
    expect(page.version).toEqual({ number: 1, hash: f.version.contentHash });
    expect(page.code.active).toBe(false);

    const opened = await db.auditEvent.findFirstOrThrow({ where: { versionId: f.version.id, action: "signing.link-opened" } });
    expect(opened).toMatchObject({ ipAddress: "192.0.2.9", userAgent: "Mozilla/5.0 (iPhone) test", versionHash: f.version.contentHash });
    // Opening again within the hour is not logged again.
    await load(f.schoolToken);
    expect(await db.auditEvent.count({ where: { versionId: f.version.id, action: "signing.link-opened" } })).toBe(1);

    // The CLB's signer sees the CLB's commitments, not the school's.
    const clbPage = (await load(f.clbToken)).data as Awaited<ReturnType<typeof signingRoute.loader>>;
    expect(clbPage.summary.commitments.map((c) => [c.bearer, c.due, c.ownRole])).toEqual([[f.clb.name, "Elk trimester", "Voert uit (Responsible)"]]);
  });

  it("refuses a wrong code, missing consent, another name and a bad drawn signature, with clear messages", async () => {
    const code = await codeFor(f.schoolToken, f.signers.school);
    const wrong = code === "123456" ? "654321" : "123456";

    let result = await post(f.schoolToken, { intent: "sign", code: wrong, consent: "ja", fullName: "Anaïs Verbeke" });
    expect(result.status).toBe(400);
    expect(errorsOf(result.data)).toEqual({ code: ["Deze code klopt niet. U kunt nog 4 keer proberen."] });

    result = await post(f.schoolToken, { intent: "sign", code: "12", fullName: "" });
    expect(errorsOf(result.data)).toEqual({
      code: ["De code bestaat uit 6 cijfers."],
      consent: ["Vink aan dat u het document gelezen hebt en akkoord gaat."],
      fullName: ["Typ uw volledige naam."],
    });

    result = await post(f.schoolToken, { intent: "sign", code, consent: "ja", fullName: "Anaïs Peeters" });
    expect(errorsOf(result.data)).toEqual({ fullName: ["Typ uw naam zoals ze op het document staat: Anaïs Verbeke."] });

    // Over 200 kB: random pixels barely compress.
    const noisy = encodePng(300, 300, () => [Math.random() * 256, Math.random() * 256, Math.random() * 256, 255].map(Math.floor) as [number, number, number, number]);
    expect(noisy.byteLength).toBeGreaterThan(200 * 1024);
    result = await post(f.schoolToken, {
      intent: "sign",
      code,
      consent: "ja",
      fullName: "Anaïs Verbeke",
      signatureFile: new File([new Uint8Array(noisy)], "handtekening.png", { type: "image/png" }),
    });
    expect(errorsOf(result.data)).toEqual({ drawnSignature: ["De handtekening is te groot. Een handtekening mag hoogstens 200 kB zijn."] });

    const notPng = [
      new File(["dit is geen afbeelding"], "handtekening.png", { type: "image/png" }),
      new File([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46])], "foto.png", { type: "image/png" }),
      // Right magic bytes, but cut off halfway.
      new File([new Uint8Array(makeSignaturePng().subarray(0, 60))], "half.png", { type: "image/png" }),
    ];
    for (const file of notPng) {
      result = await post(f.schoolToken, { intent: "sign", code, consent: "ja", fullName: "Anaïs Verbeke", signatureFile: file });
      expect(errorsOf(result.data)).toEqual({ drawnSignature: ["De handtekening is geen PNG-afbeelding. Teken opnieuw of kies een PNG-bestand."] });
    }
    result = await post(f.schoolToken, { intent: "sign", code, consent: "ja", fullName: "Anaïs Verbeke", drawnSignature: "data:image/jpeg;base64,/9j/4AAQ" });
    expect(errorsOf(result.data)).toEqual({ drawnSignature: ["De handtekening is geen PNG-afbeelding. Teken opnieuw of kies een PNG-bestand."] });

    expect(await db.signature.count({ where: { versionId: f.version.id } })).toBe(0);
  });

  it("signs with the code, a name typed without accents and a drawn signature; the link is then used up", async () => {
    const code = await codeFor(f.schoolToken, f.signers.school);
    const png = makeSignaturePng();
    const result = await post(f.schoolToken, {
      intent: "sign",
      code: `${code.slice(0, 3)} ${code.slice(3)}`,
      consent: "ja",
      fullName: "  ANAIS   verbeke ",
      drawnSignature: `data:image/png;base64,${Buffer.from(png).toString("base64")}`,
    });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/onderteken/klaar?uitkomst=ondertekend");

    const signature = await db.signature.findFirstOrThrow({ where: { versionId: f.version.id } });
    expect(signature).toMatchObject({ outcome: "signed", typedName: "ANAIS   verbeke", versionHash: f.version.contentHash, ipAddress: "192.0.2.9" });
    expect(Buffer.from(signature.drawnSignature!).equals(Buffer.from(png))).toBe(true);
    const request = await db.signingRequest.findUniqueOrThrow({ where: { tokenHash: sha256Hex(f.schoolToken) } });
    expect(request).toMatchObject({ status: "ondertekend", otpHash: null });
    const event = await db.auditEvent.findFirstOrThrow({ where: { versionId: f.version.id, action: "signing.signed" } });
    expect(event).toMatchObject({ actorLabel: `Anaïs Verbeke <${f.signers.school}>`, ipAddress: "192.0.2.9", versionHash: f.version.contentHash });

    // Used: the neutral page, also for another try.
    expect((await load(f.schoolToken)).status).toBe(410);
    expect((await post(f.schoolToken, { intent: "sign", code, consent: "ja", fullName: "Anaïs Verbeke" })).status).toBe(410);
    expect(await db.signature.count({ where: { versionId: f.version.id } })).toBe(1);
  });
});

describe("links that do not work: one neutral page", () => {
  it("unknown, malformed, expired, used, declined and superseded links all get the same 410 answer (the expired page offers a new link)", async () => {
    const g = await sentVersion();
    const answers: Array<{ label: string; status: number; body: string }> = [];
    const record = async (label: string, token: string) => {
      const result = await load(token);
      answers.push({ label, status: result.status, body: JSON.stringify(result.data) });
      const action = await post(token, { intent: "code" });
      answers.push({ label: `${label} (code)`, status: action.status, body: JSON.stringify(action.data) });
    };

    await record("unknown", randomToken());
    await record("malformed", "abc");

    await db.$transaction((tx) => tx.signingRequest.update({ where: { tokenHash: sha256Hex(g.clbToken) }, data: { expiresAt: new Date(Date.now() - 1000) } }));
    // An expired link's page says so, to offer a new link (issue 12 point 8); its actions answer like any other.
    const expiredPage = await load(g.clbToken);
    expect({ status: expiredPage.status, data: expiredPage.data }).toEqual({ status: 410, data: { code: "LINK_EXPIRED" } });
    const expiredCode = await post(g.clbToken, { intent: "code" });
    answers.push({ label: "expired (code)", status: expiredCode.status, body: JSON.stringify(expiredCode.data) });

    const code = await codeFor(g.schoolToken, g.signers.school);
    expect((await post(g.schoolToken, { intent: "sign", code, consent: "ja", fullName: "Anaïs Verbeke" })).status).toBe(302);
    await record("used", g.schoolToken);

    const h = await sentVersion();
    await freezeVersion(h.agreement.id);
    await record("superseded", h.schoolToken);

    const i = await sentVersion();
    const refusal = await codeFor(i.clbToken, i.signers.clb);
    expect((await post(i.clbToken, { intent: "decline", code: refusal, reason: "Nog niet besproken in het team." })).status).toBe(302);
    await record("declined", i.clbToken);
    await record("lapsed after a refusal", i.schoolToken);

    for (const answer of answers) expect(answer, answer.label).toEqual({ label: answer.label, status: 410, body: answers[0]!.body });
    expect(answers[0]!.body).toBe(JSON.stringify({ code: "LINK_UNAVAILABLE" }));
    expect(answers.map((a) => a.body).join()).not.toContain(g.agreement.title);
  });

  it("refuses to show or sign a version whose content does not match its hash", async () => {
    const f = await createFrozenVersion();
    const { version: bad } = await freezeVersion(f.agreement.id, { contentHashOverride: "e".repeat(64) });
    const token = randomToken();
    await db.$transaction(async (tx) => {
      await tx.agreementVersion.update({ where: { id: bad.id }, data: { status: "ter_ondertekening" } });
      await tx.signingRequest.create({
        data: { versionId: bad.id, signatoryId: f.signatories[0]!.id, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + 86_400_000), invitedAt: new Date() },
      });
    });
    const result = await load(token);
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.data)).not.toContain(f.agreement.title);
    expect((await post(token, { intent: "code" })).status).toBe(409);
    expect(await db.auditEvent.count({ where: { versionId: bad.id, action: "signing.hash-mismatch" } })).toBe(2);
    expect(await outboxMails(outbox).then((m) => m.filter((x) => x.to.includes(f.signatories[0]!.email)).length)).toBe(0);
  });
});

describe("declining", () => {
  it("needs a reason; then the version is refused, the other links die and the drafters get the reason", async () => {
    const g = await sentVersion();
    // Drafters: the creator plus party members who may edit; not a beheerder.
    const zorg = await createUser([{ organisationId: g.school.id, role: "zorgcoordinator" }], `zorg-${Date.now()}@school.test`);
    const beheerder = await createUser([{ organisationId: g.school.id, role: "beheerder" }], `beheer-${Date.now()}@school.test`);
    const code = await codeFor(g.clbToken, g.signers.clb);

    let result = await post(g.clbToken, { intent: "decline", code, reason: "   " });
    expect(result.status).toBe(400);
    expect(errorsOf(result.data)).toEqual({ reason: ["Schrijf kort waarom u niet ondertekent."] });

    const reason = "Het lokaal op dinsdag is niet beschikbaar; we stellen donderdag voor.";
    result = await post(g.clbToken, { intent: "decline", code, reason });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/onderteken/klaar?uitkomst=geweigerd");

    expect((await db.agreementVersion.findUniqueOrThrow({ where: { id: g.version.id } })).status).toBe("geweigerd");
    expect((await db.agreement.findUniqueOrThrow({ where: { id: g.agreement.id } })).status).toBe("geweigerd");
    const requests = await db.signingRequest.findMany({ where: { versionId: g.version.id }, include: { signatory: true } });
    expect(Object.fromEntries(requests.map((r) => [r.signatory.email, r.status]))).toEqual({ [g.signers.school]: "vervallen", [g.signers.clb]: "geweigerd" });
    expect(await db.signature.findFirstOrThrow({ where: { versionId: g.version.id } })).toMatchObject({ outcome: "declined", reason });
    expect((await load(g.schoolToken)).status).toBe(410);

    const mails = (await outboxMails(outbox)).filter((m) => m.subject === `Niet ondertekend: „${g.agreement.title}”`);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([g.drafter.email, zorg.email].sort());
    expect(mails.map((m) => m.to[0])).not.toContain(beheerder.email);
    expect(mails[0]!.text).toContain(reason);
    expect(mails[0]!.text).toContain("Joëlle De Smet (CLB-directeur");
    expect(mails[0]!.text).toContain(`http://localhost:3000/overeenkomsten/${g.agreement.id}`);
  });
});

describe("/dev/outbox", () => {
  it("lists the sent e-mails with subject, recipient, date and text outside production; 404 in production", async () => {
    const result = await callRoute(outboxRoute.loader, new Request("http://localhost/dev/outbox"));
    expect(result.status).toBe(200);
    const { dir, messages } = result.data as Awaited<ReturnType<typeof outboxRoute.loader>>;
    expect(dir).toBe(outbox);
    const invitation = messages.find((m) => m.subject.startsWith("Gevraagd: onderteken"));
    expect(invitation).toMatchObject({ to: expect.stringContaining("@"), date: expect.stringMatching(/\d{4}/) });
    expect(invitation!.text).toContain("/onderteken/");

  });

  it("under npm start (production, file transport): only a signed-in beheerder, only mails about their organisations, links whole", async () => {
    const sent = await sentVersion();
    const schoolBeheerder = await createUser([{ organisationId: sent.school.id, role: "beheerder" }]);
    const outsider = await createUser([{ organisationId: (await createOrganisation("school")).id, role: "beheerder" }]);
    const restoreEnv = setTestEnv({ NODE_ENV: "production" });
    try {
      const asUser = async (userId: string) => callRoute(outboxRoute.loader, await signedInRequest(userId, "/dev/outbox"));
      const own = await asUser(schoolBeheerder.id);
      expect(own.status).toBe(200);
      const { messages } = own.data as Awaited<ReturnType<typeof outboxRoute.loader>>;
      const invitation = messages.find((m) => m.to.includes(sent.signers.school) && m.subject.startsWith("Gevraagd"));
      // The whole personal link, as it works: no quoted-printable soft line break ("=\r\n") inside.
      expect(invitation!.text).toContain(`/onderteken/${sent.schoolToken}`);
      expect(messages.some((m) => m.to.includes(sent.signers.clb))).toBe(true); // the other party's signatory, about this agreement

      const foreign = (await asUser(outsider.id)).data as Awaited<ReturnType<typeof outboxRoute.loader>>;
      expect(JSON.stringify(foreign.messages)).not.toContain(sent.schoolToken);
      expect(JSON.stringify(foreign.messages)).not.toContain(sent.signers.school);

      expect((await asUser(sent.drafter.id)).status).toBe(403); // a member, not a beheerder
      // The beheerder finds the page from Berichten.
      const berichten = await callRoute(beheerBerichten.loader, await signedInRequest(schoolBeheerder.id, "/beheer/berichten"));
      expect(berichten.data).toMatchObject({ mailAsFiles: true });
      const anonymous = await callRoute(outboxRoute.loader, new Request("http://localhost/dev/outbox"));
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toMatch(/^\/inloggen/);
    } finally {
      restoreEnv();
    }
  });

  it("does not exist when mail really leaves (smtp, http)", async () => {
    const restoreEnv = setTestEnv({ MAIL_TRANSPORT: "smtp", SMTP_URL: "smtp://mail.test:25" });
    try {
      expect((await callRoute(outboxRoute.loader, new Request("http://localhost/dev/outbox"))).status).toBe(404);
    } finally {
      restoreEnv();
    }
  });
});
