// Verification reads files that anyone may upload: what it inflates is capped,
// and a file that is not a complete PDF is refused before anything else.
import forge from "node-forge";
import { beforeAll, describe, expect, it } from "vitest";
import { extractVersionHash, renderAgreementPdf, SEAL_PROBLEMS, verifySealedPdf } from "./index";
import { buildSampleInput, deflatedZeros, SAMPLE_VERSION_HASH, sealedLookingPdf, sealedLookingPdfBomb } from "../../../tests/support/pdf";

const T0 = new Date("2026-12-07T09:00:00Z");

/**
 * A detached CMS over `signed`, made with `keys`, whose certificate claims
 * `publicExponent` (the signature only verifies when that is the key's own).
 */
function cmsWithExponent(keys: forge.pki.rsa.KeyPair, publicExponent: forge.jsbn.BigInteger) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(keys.publicKey.n, publicExponent);
  cert.serialNumber = "0b";
  cert.validity.notBefore = new Date(T0.getTime() - 86_400_000);
  cert.validity.notAfter = new Date(T0.getTime() + 86_400_000);
  const name = [{ name: "commonName", value: "Iemand anders" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return (signed: Buffer) => {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(signed.toString("binary"));
    p7.addCertificate(cert);
    p7.addSigner({
      key: keys.privateKey,
      certificate: cert,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
        { type: forge.pki.oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return forge.util.bytesToHex(forge.asn1.toDer(p7.toAsn1()).getBytes());
  };
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

describe("verifying hostile PDFs", () => {
  let bomb: Uint8Array;

  beforeAll(async () => {
    bomb = sealedLookingPdfBomb(await deflatedZeros(400 * 1024 * 1024));
  });

  it("a 400 MB object stream is inflated no further than the budget", async () => {
    const peakBefore = peakRssMb();
    const started = performance.now();
    expect(verifySealedPdf(bomb, { trustedFingerprints: [] })).toMatchObject({ sealed: true, intact: false });
    expect(await extractVersionHash(bomb)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
    expect(peakRssMb() - peakBefore).toBeLessThan(32);
  });

  it("a file without its end (startxref … %%EOF) is refused as incomplete", () => {
    const text = Buffer.from(bomb).toString("latin1");
    const cut = bomb.subarray(0, text.lastIndexOf("startxref"));
    expect(verifySealedPdf(cut, { trustedFingerprints: [] }).problems).toEqual([SEAL_PROBLEMS.truncated]);
  });

  it("finds the version hash of a rendered agreement inside its object stream, within the limits given", async () => {
    const pdf = await renderAgreementPdf(buildSampleInput());
    expect(await extractVersionHash(pdf)).toBe(SAMPLE_VERSION_HASH);
    expect(await extractVersionHash(pdf, { maxBytes: 64, maxStreams: 64, maxMs: 250 })).toBeNull();
    expect(await extractVersionHash(pdf, { maxBytes: 4 * 1024 * 1024, maxStreams: 0, maxMs: 250 })).toBeNull();
  });

  it("does not spend forge's pure-JS arithmetic on a public exponent of 65,536 bits", () => {
    const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
    const objectStream = Buffer.from("x\x9c\x03\x00\x00\x00\x00\x01", "latin1"); // an empty deflate stream
    const sign = (e: forge.jsbn.BigInteger) => sealedLookingPdf({ objectStream, sign: cmsWithExponent(keys, e), contentsHexLength: 48 * 1024 });

    // The construction is sound: with the key's own exponent the seal verifies.
    expect(verifySealedPdf(sign(new forge.jsbn.BigInteger("65537")), { trustedFingerprints: [] })).toMatchObject({ sealed: true, intact: true });

    const huge = forge.jsbn.BigInteger.ONE.shiftLeft(65_535).add(forge.jsbn.BigInteger.ONE);
    const pdf = sign(huge);
    const started = performance.now();
    const result = verifySealedPdf(pdf, { trustedFingerprints: [] });
    expect(performance.now() - started).toBeLessThan(500);
    expect(result).toMatchObject({ sealed: true, intact: false });
    expect(result.problems).toContain(SEAL_PROBLEMS.unsupported);
  });
});
