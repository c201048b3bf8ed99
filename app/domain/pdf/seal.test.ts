import { X509Certificate, randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SEAL_PROBLEMS,
  extractVersionHash,
  loadOrCreateSealCertificate,
  renderAgreementPdf,
  sealPdf,
  verifySealedPdf,
  type SealCertificate,
} from "./index";
import { SAMPLE_VERSION_HASH, buildSampleInput, makeTempDir, runPoppler, writeTempPdf } from "../../../tests/support/pdf";

function pdfsig(file: string): string {
  const { stdout, stderr } = runPoppler("pdfsig", [file]);
  return `${stdout}\n${stderr}`;
}

const VALID_LINE = "Signature Validation: Signature is Valid.";

/** Offsets of the signed ByteRange [a b c d] in a sealed file. */
function byteRange(pdf: Uint8Array): [number, number, number, number] {
  const text = Buffer.from(pdf).toString("latin1");
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches[matches.length - 1];
  if (!last) throw new Error("no ByteRange");
  return [Number(last[1]), Number(last[2]), Number(last[3]), Number(last[4])];
}

/**
 * The one moment these tests live at: certificates are made valid around it and
 * every seal is dated at it, so the suite passes whatever day the machine says.
 */
const NOW = new Date("2026-11-23T09:05:00Z");
const DAY_MS = 86_400_000;

/** A PKCS#12 made outside Akkoord (forge defaults: 3DES, 2048 iterations) plus its PEM certificate. */
function makeExternalP12(passphrase: string): { p12: Buffer; certPem: string } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = "0a1b2c3d";
  cert.validity.notBefore = new Date(NOW.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(NOW.getTime() + DAY_MS * 30);
  // A non-ASCII name, stored as UTF8String (forge encodes it for this tag).
  // (@types/node-forge types valueTagClass as a tag class; forge wants the tag type.)
  const attrs: forge.pki.CertificateField[] = [
    {
      name: "commonName",
      value: "Stad Gent – eZegel",
      valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
    },
    { name: "organizationName", value: "Stad Gent" },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], passphrase, { algorithm: "3des" });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary"), certPem: forge.pki.certificateToPem(cert) };
}

describe("sealing and verification", () => {
  let dir: string;
  let cert: SealCertificate;
  let unsealed: Uint8Array;
  let sealed: Uint8Array;

  beforeAll(async () => {
    dir = makeTempDir();
    cert = await loadOrCreateSealCertificate({ devDir: path.join(dir, "dev"), now: NOW });
    unsealed = await renderAgreementPdf(buildSampleInput());
    sealed = await sealPdf(unsealed, cert, { signingTime: NOW });
  }, 30_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe("loadOrCreateSealCertificate", () => {
    it("creates a development certificate once and reuses it", async () => {
      const devDir = path.join(dir, "dev");
      const p12File = path.join(devDir, "dev-seal.p12");
      const passFile = path.join(devDir, "dev-seal.pass");
      expect(existsSync(p12File)).toBe(true);
      expect(statSync(passFile).mode & 0o777).toBe(0o600);
      expect(statSync(p12File).mode & 0o777).toBe(0o600);
      expect(cert.passphrase).toBe(readFileSync(passFile, "utf8").trim());
      expect(cert.passphrase.length).toBeGreaterThanOrEqual(24);
      expect(cert.fingerprint).toMatch(/^[0-9a-f]{64}$/);

      const again = await loadOrCreateSealCertificate({ devDir });
      expect(again.fingerprint).toBe(cert.fingerprint);
      expect(again.p12.equals(cert.p12)).toBe(true);
    });

    it("describes the development certificate as specified", () => {
      const der = forge.asn1.fromDer(cert.p12.toString("binary"));
      const bundle = forge.pkcs12.pkcs12FromAsn1(der, false, cert.passphrase);
      const bag = bundle.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!]?.[0];
      const x509 = new X509Certificate(forge.pki.certificateToPem(bag!.cert!));
      expect(x509.subject).toContain("CN=Akkoord ontwikkelcertificaat");
      expect(x509.subject).toContain("O=Akkoord");
      expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      const years = (new Date(x509.validTo).getTime() - new Date(x509.validFrom).getTime()) / (365.25 * 86_400_000);
      expect(Math.round(years)).toBe(10);
      // Our fingerprint is the SHA-256 of the DER, as computed by Node/OpenSSL.
      expect(cert.fingerprint).toBe(x509.fingerprint256.replace(/:/g, "").toLowerCase());
    });

    it("creates only one certificate when called concurrently", async () => {
      const devDir = path.join(dir, "concurrent");
      const [a, b, c] = await Promise.all([
        loadOrCreateSealCertificate({ devDir }),
        loadOrCreateSealCertificate({ devDir }),
        loadOrCreateSealCertificate({ devDir }),
      ]);
      expect(b.fingerprint).toBe(a.fingerprint);
      expect(c.fingerprint).toBe(a.fingerprint);
      expect((await loadOrCreateSealCertificate({ devDir })).fingerprint).toBe(a.fingerprint);
    });

    it("reads a configured PKCS#12 file", async () => {
      const { p12, certPem } = makeExternalP12("geheim wachtwoord");
      const p12Path = path.join(dir, "extern.p12");
      writeFileSync(p12Path, p12);
      const external = await loadOrCreateSealCertificate({
        p12Path,
        passphrase: "geheim wachtwoord",
        devDir: path.join(dir, "unused"),
      });
      expect(existsSync(path.join(dir, "unused"))).toBe(false);
      expect(external.fingerprint).toBe(new X509Certificate(certPem).fingerprint256.replace(/:/g, "").toLowerCase());

      const externallySealed = await sealPdf(unsealed, external, { signingTime: NOW });
      const result = verifySealedPdf(externallySealed, { trustedFingerprints: [cert.fingerprint] });
      expect(result).toMatchObject({ sealed: true, intact: true, coversWholeFile: true, trusted: false });
      expect(result.signerName).toBe("Stad Gent – eZegel");
      expect(result.problems).toEqual([SEAL_PROBLEMS.untrusted]);
      // Fingerprints are accepted in the usual colon notation as well.
      const colonFingerprint = external.fingerprint.toUpperCase().replace(/(..)(?!$)/g, "$1:");
      expect(verifySealedPdf(externallySealed, { trustedFingerprints: [colonFingerprint] }).trusted).toBe(true);

      await expect(
        loadOrCreateSealCertificate({ p12Path, passphrase: "fout", devDir: path.join(dir, "unused") })
      ).rejects.toThrow();
    });
  });

  describe("sealPdf", () => {
    it("produces a signature that pdfsig reports as valid", () => {
      const output = pdfsig(writeTempPdf(dir, "sealed.pdf", sealed));
      expect(output).toContain(VALID_LINE);
      expect(output).toContain("Akkoord ontwikkelcertificaat");
      expect(output).toContain("adbe.pkcs7.detached");
      expect(output).toContain("SHA-256");
      expect(output).toContain("Total document signed");
    });

    it("accepts Dutch text with parentheses in reason and location", async () => {
      const custom = await sealPdf(unsealed, cert, {
        signingTime: NOW,
        reason: "Verzegeld (versie 3) – “definitief”",
        location: "Gent\\België",
        name: "Stad Gent",
      });
      expect(pdfsig(writeTempPdf(dir, "custom.pdf", custom))).toContain(VALID_LINE);
      expect(verifySealedPdf(custom, { trustedFingerprints: [cert.fingerprint] }).intact).toBe(true);
      const doc = Buffer.from(custom).toString("latin1");
      expect(doc).toContain('/Reason (Verzegeld \\(versie 3\\) - "definitief")');
    });

    it("refuses to seal an already sealed file", async () => {
      await expect(sealPdf(sealed, cert)).rejects.toThrow(/already sealed/);
    });

    it("keeps the document content and the version hash", async () => {
      expect(await extractVersionHash(sealed)).toBe(SAMPLE_VERSION_HASH);
      const [a, b, c, d] = byteRange(sealed);
      expect(a).toBe(0);
      expect(c + d).toBe(sealed.byteLength);
      expect(sealed[b]).toBe(0x3c); // "<"
      expect(sealed[c - 1]).toBe(0x3e); // ">"
    });

    it("is no longer valid for pdfsig after changing one signed byte", () => {
      const text = Buffer.from(sealed).toString("latin1");
      // Change a letter of the /Reason text: the file stays a well-formed PDF.
      const at = text.indexOf("Verzegeld door Akkoord");
      const [, , c, d] = byteRange(sealed);
      expect(at).toBeGreaterThanOrEqual(c); // after the signature hole, inside the signed range
      expect(at).toBeLessThan(c + d);
      const tampered = Uint8Array.from(sealed);
      tampered[at + 3] = "Z".charCodeAt(0);
      const output = pdfsig(writeTempPdf(dir, "tampered.pdf", tampered));
      expect(output).not.toContain(VALID_LINE);
      expect(output).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    });
  });

  describe("verifySealedPdf", () => {
    it("reports a genuine sealed file as intact and trusted", () => {
      const result = verifySealedPdf(sealed, { trustedFingerprints: [cert.fingerprint] });
      expect(result).toEqual({
        sealed: true,
        intact: true,
        coversWholeFile: true,
        trusted: true,
        signerName: "Akkoord ontwikkelcertificaat",
        signingTime: NOW,
        signerFingerprint: cert.fingerprint,
        problems: [],
      });
    });

    it("is not trusted without the fingerprint", () => {
      const result = verifySealedPdf(sealed, { trustedFingerprints: [] });
      expect(result.intact).toBe(true);
      expect(result.trusted).toBe(false);
      expect(result.problems).toEqual([SEAL_PROBLEMS.untrusted]);
    });

    it("detects a changed byte anywhere in the signed range", () => {
      const [, b, c, d] = byteRange(sealed);
      for (const offset of [10, Math.floor(b / 2), b - 5, c + Math.floor(d / 2), sealed.byteLength - 8]) {
        const tampered = Uint8Array.from(sealed);
        tampered[offset] = (tampered[offset] ?? 0) ^ 0x01;
        const result = verifySealedPdf(tampered, { trustedFingerprints: [cert.fingerprint] });
        expect(result.intact, `offset ${offset}`).toBe(false);
        expect(result.problems.length).toBeGreaterThan(0);
      }
      const tampered = Uint8Array.from(sealed);
      const at = Buffer.from(sealed).toString("latin1").indexOf("Verzegeld door Akkoord");
      tampered[at + 3] = "Z".charCodeAt(0);
      const result = verifySealedPdf(tampered, { trustedFingerprints: [cert.fingerprint] });
      expect(result).toMatchObject({ sealed: true, intact: false, coversWholeFile: true, trusted: true });
      expect(result.problems).toContain(SEAL_PROBLEMS.modified);
    });

    it("detects a damaged signature value or a swapped certificate", () => {
      const [, b, c] = byteRange(sealed);
      const hole = Buffer.from(sealed.subarray(b + 1, c - 1)).toString("latin1");
      const cmsHexLength = hole.replace(/0+$/, "").length;
      const flipHex = (bytes: Uint8Array, pos: number) => {
        bytes[pos] = bytes[pos] === 0x30 ? 0x31 : 0x30; // "0" <-> "1"
      };

      // The RSA signature value is the last 256 bytes of the CMS.
      const badSignature = Uint8Array.from(sealed);
      flipHex(badSignature, b + 1 + cmsHexLength - 100);
      const result = verifySealedPdf(badSignature, { trustedFingerprints: [cert.fingerprint] });
      expect(result.sealed).toBe(true);
      expect(result.intact).toBe(false);
      expect(result.problems).toContain(SEAL_PROBLEMS.badSignature);

      // A byte in the embedded certificate (here in its validity/subject area):
      // the certificate no longer matches the trusted fingerprint.
      const otherCert = Uint8Array.from(sealed);
      const subjectHex = Buffer.from("Akkoord ontwikkelcertificaat").toString("hex");
      const subjectAt = hole.toLowerCase().indexOf(subjectHex);
      expect(subjectAt).toBeGreaterThan(0);
      otherCert[b + 1 + subjectAt + 1] = otherCert[b + 1 + subjectAt + 1] === 0x31 ? 0x32 : 0x31;
      const swapped = verifySealedPdf(otherCert, { trustedFingerprints: [cert.fingerprint] });
      expect(swapped.trusted).toBe(false);
    });

    it("notices data appended after sealing", () => {
      const appended = Buffer.concat([Buffer.from(sealed), Buffer.from("\n% later toegevoegd\n")]);
      const result = verifySealedPdf(appended, { trustedFingerprints: [cert.fingerprint] });
      expect(result.intact).toBe(true);
      expect(result.coversWholeFile).toBe(false);
      expect(result.problems).toContain(SEAL_PROBLEMS.notWholeFile);
    });

    it("returns sealed:false for random bytes, non-PDF data and unsealed PDFs without throwing", () => {
      const random = verifySealedPdf(new Uint8Array(randomBytes(4096)), { trustedFingerprints: [cert.fingerprint] });
      expect(random).toMatchObject({ sealed: false, intact: false, coversWholeFile: false, trusted: false });
      expect(random.problems).toEqual([SEAL_PROBLEMS.notPdf]);

      expect(verifySealedPdf(new Uint8Array(0), { trustedFingerprints: [] }).sealed).toBe(false);
      expect(
        verifySealedPdf(new TextEncoder().encode("Dit is gewoon tekst, geen PDF."), { trustedFingerprints: [] })
          .problems
      ).toEqual([SEAL_PROBLEMS.notPdf]);

      const plain = verifySealedPdf(unsealed, { trustedFingerprints: [cert.fingerprint] });
      expect(plain.sealed).toBe(false);
      expect(plain.problems).toEqual([SEAL_PROBLEMS.notSealed]);

      // A PDF header followed by a broken signature dictionary.
      const broken = new TextEncoder().encode(
        "%PDF-1.7\n1 0 obj << /Type /Sig /ByteRange [0 20 40 5] /Contents <zz> >> endobj\n%%EOF"
      );
      const brokenResult = verifySealedPdf(broken, { trustedFingerprints: [] });
      expect(brokenResult.intact).toBe(false);
      expect(brokenResult.problems.length).toBeGreaterThan(0);
    });

    it("extractVersionHash returns null for non-PDF input", async () => {
      expect(await extractVersionHash(new Uint8Array(randomBytes(2048)))).toBeNull();
      expect(await extractVersionHash(new Uint8Array(0))).toBeNull();
    });
  });

  it("renders and seals the ~10-page agreement quickly", async () => {
    const input = buildSampleInput();
    // Warm-up (JIT, font parsing) as a long-running server would have done.
    for (let i = 0; i < 3; i++) await sealPdf(await renderAgreementPdf(input), cert, { signingTime: NOW });
    const render: number[] = [];
    const seal: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      const pdf = await renderAgreementPdf(input);
      const t1 = performance.now();
      await sealPdf(pdf, cert, { signingTime: NOW });
      const t2 = performance.now();
      render.push(t1 - t0);
      seal.push(t2 - t1);
      total.push(t2 - t0);
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;
    console.log(
      `[pdf timing] render+seal median ${median(total).toFixed(1)} ms (render ${median(render).toFixed(
        1
      )} ms, seal ${median(seal).toFixed(1)} ms, ${sealed.byteLength} bytes sealed)`
    );
    // Generous bound: the benchmark target is a 150 ms median on a quiet machine.
    expect(median(total)).toBeLessThan(1000);
  }, 60_000);
});
