// The public verification page (/verifieer): it tells a genuine signed PDF
// from a tampered one, from a random PDF, from one sealed with another
// certificate, and refuses what is not a PDF or too large.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import forge from "node-forge";
import { beforeAll, describe, expect, it } from "vitest";
import { renderAgreementPdf, sealPdf } from "~/domain/pdf";
import { buildSampleInput } from "../support/pdf";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { buildPdfInput } from "~/domain/signing/version-pdf.server";
import * as verifyRoute from "~/routes/verifieer";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser } from "../factories";
import { createFrozenVersion, sessionUserFor, signAllThroughOutbox } from "../factories/versions";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

let outbox: string;

beforeAll(() => {
  outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-verify-outbox-"));
  setTestEnv({ MAIL_OUTBOX_DIR: outbox, SEAL_DEV_DIR: mkdtempSync(path.join(os.tmpdir(), "akkoord-verify-certs-")) });
});

function upload(bytes: Uint8Array | string, name = "document.pdf") {
  const form = new FormData();
  form.append("pdf", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name, { type: "application/pdf" }));
  return callRoute(verifyRoute.action, new Request("http://localhost/verifieer", { method: "POST", body: form }));
}

type Verdict = { genuine?: boolean; title?: string; signers?: Array<{ name: string }>; problems?: string[]; error?: string; versionNumber?: number; replaced?: boolean };

/** A PKCS#12 that is not the service's: someone else's seal. */
function otherCertificate(): { p12: Buffer; passphrase: string } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000 * 365);
  const attrs = [{ name: "commonName", value: "Akkoord" }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], "geheim", { algorithm: "aes256", count: 256 });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary"), passphrase: "geheim" };
}

describe("/verifieer", () => {
  let genuine: Uint8Array;
  let f: Awaited<ReturnType<typeof createFrozenVersion>>;

  beforeAll(async () => {
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    f = await createFrozenVersion({ clb, createdById: drafter.id });
    await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: f.agreement.id, versionId: f.version.id, audit: {} });
    await signAllThroughOutbox(f.signatories, outbox);
    genuine = new Uint8Array((await db.agreementVersion.findUniqueOrThrow({ where: { id: f.version.id } })).finalPdf!);
  }, 60_000);

  it("a genuine signed PDF: agreement title, signed when and by whom", async () => {
    const result = await upload(genuine);
    expect(result.status).toBe(200);
    const verdict = result.data as Verdict;
    expect(verdict).toMatchObject({ genuine: true, title: f.agreement.title, versionNumber: 1, replaced: false });
    expect(verdict.signers?.map((s) => s.name)).toEqual(["Anaïs Verbeke", "Joëlle De Smet"]);
  });

  it("the same PDF with one byte changed is not genuine", async () => {
    const text = Buffer.from(genuine).toString("latin1");
    const tampered = Uint8Array.from(genuine);
    tampered[text.lastIndexOf("verzegeld door Akkoord") + 2] = "X".charCodeAt(0);
    const verdict = (await upload(tampered)).data as Verdict;
    expect(verdict.genuine).toBe(false);
    expect(verdict.problems).toContain("De inhoud werd gewijzigd na het verzegelen.");
    expect(JSON.stringify(verdict)).not.toContain(f.agreement.title);
  });

  it("bytes appended after the seal are not genuine", async () => {
    const extended = Buffer.concat([Buffer.from(genuine), Buffer.from("\n% extra\n")]);
    const verdict = (await upload(extended)).data as Verdict;
    expect(verdict.genuine).toBe(false);
    expect(JSON.stringify(verdict)).not.toContain(f.agreement.title);
  });

  it("a random PDF, and the same version sealed with another certificate, are not genuine", async () => {
    const random = await renderAgreementPdf(buildSampleInput());
    const randomVerdict = (await upload(random)).data as Verdict;
    expect(randomVerdict).toEqual({ fileName: "document.pdf", genuine: false, problems: ["Het document is niet verzegeld."] });

    // A look-alike: this version's own content and hash, sealed by someone else.
    const lookAlike = await sealPdf(
      await renderAgreementPdf(await buildPdfInput(f.version.id, { watermark: null, generatedAt: new Date() })),
      otherCertificate(),
    );
    const verdict = (await upload(lookAlike)).data as Verdict;
    expect(verdict.genuine).toBe(false);
    expect(verdict.problems).toContain("Het zegel werd niet geplaatst met een vertrouwd certificaat.");
    expect(verdict.problems).toContain("Het document verschilt van de ondertekende versie die Akkoord bewaart.");
    expect(JSON.stringify(verdict)).not.toContain(f.agreement.title);
  });

  it("refuses what is not a PDF, nothing at all, and files over 4 MB, in Dutch", async () => {
    const notPdf = await upload("Dit is een tekstbestand.", "brief.pdf");
    expect(notPdf.status).toBe(400);
    expect((notPdf.data as Verdict).error).toBe("Dit bestand is geen PDF. Kies het PDF-bestand dat u per e-mail kreeg.");

    const empty = await callRoute(verifyRoute.action, new Request("http://localhost/verifieer", { method: "POST", body: new FormData() }));
    expect(empty.status).toBe(400);
    expect((empty.data as Verdict).error).toBe("Kies eerst een PDF-bestand.");

    const big = new Uint8Array(4 * 1024 * 1024 + 1);
    big.set(Buffer.from("%PDF-1.7\n"));
    const tooLarge = await upload(big);
    expect(tooLarge.status).toBe(413);
    expect((tooLarge.data as Verdict).error).toBe("Dit bestand is te groot. Een PDF mag hoogstens 4 MB zijn.");

    const urlEncoded = await callRoute(
      verifyRoute.action,
      new Request("http://localhost/verifieer", { method: "POST", body: new URLSearchParams({ pdf: "x" }) }),
    );
    expect(urlEncoded.status).toBe(400);
  });
});
