// Anonymous uploads that inflate: a PDF whose object stream inflates to
// 400 MB (/verifieer) and a drawn-signature PNG whose image data inflates to
// 190 MB (POST /onderteken/<token>). Each is answered with a 4xx or a
// "not genuine", quickly, without the memory its contents would take, and the
// server keeps answering other requests meanwhile.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deflatedZeros, makeSignaturePng, pngWithImageData, sealedLookingPdfBomb } from "../support/pdf";
import { serviceSealCertificate } from "~/domain/signing/seal-certificate.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import * as healthzRoute from "~/routes/healthz";
import * as signingRoute from "~/routes/onderteken.$token";
import * as verifyRoute from "~/routes/verifieer";
import { randomToken } from "~/utils/crypto.server";
import { createOrganisation, createUser } from "../factories";
import { createFrozenVersion, linkTokenIn, outboxMails, sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

let outbox: string;

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-bombs-outbox-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-bombs-certs-")) });
});

/** Peak memory of this process so far, in MB: monotonic, so a spike freed before we look still counts. */
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Runs `work` and reports how long it took and how far it pushed the peak memory. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; peakGrowthMb: number }> {
  const peakBefore = peakRssMb();
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started, peakGrowthMb: peakRssMb() - peakBefore };
}

function uploadPdf(bytes: Uint8Array) {
  const form = new FormData();
  form.append("pdf", new File([new Uint8Array(bytes)], "bom.pdf", { type: "application/pdf" }));
  return callRoute(verifyRoute.action, new Request("http://localhost/verifieer", { method: "POST", body: form }));
}

function postSign(token: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const request = new Request(`http://localhost/onderteken/${token}`, { method: "POST", body: form });
  return callRoute(signingRoute.action, request, { token });
}

const dataUrl = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString("base64")}`;

describe("/verifieer and a PDF whose object stream inflates to 400 MB", () => {
  let bomb: Uint8Array;

  beforeAll(async () => {
    bomb = sealedLookingPdfBomb(await deflatedZeros(400 * 1024 * 1024));
    await serviceSealCertificate(); // made once per server (a development key takes a second): not what is measured here
  });

  it("says 'not genuine' in well under a second, without inflating it", async () => {
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const { value: result, ms, peakGrowthMb } = await measured(() => uploadPdf(bomb));
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ genuine: false });
    expect((result.data as { problems: string[] }).problems.length).toBeGreaterThan(0);
    expect(peakGrowthMb).toBeLessThan(64);
    expect(ms).toBeLessThan(1_000);
  });

  it("/healthz keeps answering within a second while bombs are being verified", async () => {
    let verifying = true;
    const verifications = Promise.all([uploadPdf(bomb), uploadPdf(bomb), uploadPdf(bomb)]).finally(() => {
      verifying = false;
    });
    // How long a /healthz asked for now waits to be answered, sampled until the verifications end.
    const waits: number[] = [];
    do {
      const asked = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const answer = await callRoute(healthzRoute.loader, new Request("http://localhost/healthz"));
      expect(answer.status).toBe(200);
      waits.push(performance.now() - asked);
    } while (verifying);
    const results = await verifications;
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThan(1_000);
  });
});

describe("POST /onderteken/<token> with a drawn signature that inflates to 190 MB", () => {
  let bombPng: Uint8Array;

  beforeAll(async () => {
    // The header announces 1000 × 500 RGBA (2 MB of image data); the data goes on for 190 MB.
    bombPng = pngWithImageData({ width: 1000, height: 500 }, await deflatedZeros(190 * 1024 * 1024));
  });

  it("a link that does not work answers 410 before the PNG is even looked at", async () => {
    const fields = (drawn: string) => ({ intent: "sign", code: "123456", consent: "ja", fullName: "Eve", drawnSignature: drawn });
    const { value: result, ms, peakGrowthMb } = await measured(() => postSign(randomToken(), fields(dataUrl(bombPng))));
    expect(result.status).toBe(410);
    expect(peakGrowthMb).toBeLessThan(64);
    expect(ms).toBeLessThan(1_000);
    // Not decoded at all: a broken PNG on a dead link is the same 410, not "geen PNG-afbeelding".
    const broken = await postSign(randomToken(), fields("data:image/png;base64,iVBORw0KGgoAAAA"));
    expect(broken.status).toBe(410);
    expect(JSON.stringify(broken.data)).not.toContain("PNG");
  });

  it("on a working link the bomb is refused with a Dutch message, cheaply, and nothing is signed", async () => {
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    const f = await createFrozenVersion({ school, clb, createdById: drafter.id });
    await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit: {} });
    const signer = f.signatories[0]!;
    const mails = await outboxMails(outbox);
    const token = linkTokenIn(mails.find((m) => m.to.includes(signer.email) && m.subject.startsWith("Gevraagd"))!.text)!;

    const fields = { intent: "sign", code: "123456", consent: "ja", fullName: signer.name };
    const asFile = new File([new Uint8Array(bombPng)], "handtekening.png", { type: "image/png" });
    const drawnInputs: Array<Record<string, string | File>> = [{ drawnSignature: dataUrl(bombPng) }, { signatureFile: asFile }];
    for (const drawn of drawnInputs) {
      const { value: result, ms, peakGrowthMb } = await measured(() => postSign(token, { ...fields, ...drawn }));
      expect(result.status).toBe(400);
      const errors = (result.data as { result?: { error?: Record<string, string[]> } }).result?.error;
      expect(errors).toEqual({ drawnSignature: ["De handtekening is geen PNG-afbeelding. Teken opnieuw of kies een PNG-bestand."] });
      expect(peakGrowthMb).toBeLessThan(64);
      expect(ms).toBeLessThan(1_000);
    }
    // An honest drawn signature still gets as far as the code check.
    const honest = await postSign(token, { ...fields, drawnSignature: dataUrl(makeSignaturePng()) });
    expect(honest.status).toBe(400);
    expect(JSON.stringify(honest.data)).not.toContain("PNG");
  });
});
