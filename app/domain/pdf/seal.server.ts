// Sealing: an invisible PDF signature (adbe.pkcs7.detached, SHA-256) over the
// whole file, made with @signpdf and a PKCS#12 certificate. In development a
// self-signed certificate is created once and reused.

import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { P12Signer } from "@signpdf/signer-p12";
import forge from "node-forge";
import { PDFDocument } from "pdf-lib";
import type { SealCertificate, SealOptions } from "./types";

/** The SubFilter we write; P12Signer produces a CMS that matches it. */
const SUBFILTER_ADOBE_PKCS7_DETACHED = "adbe.pkcs7.detached";

const DEV_CERT_FILE = "dev-seal.p12";
const DEV_PASS_FILE = "dev-seal.pass";
export const DEV_CERT_COMMON_NAME = "Akkoord ontwikkelcertificaat";

/**
 * Room (in hex characters) for the CMS signature in /Contents. The CMS holds
 * the certificates from the PKCS#12 plus ~1 kB of signer info, so the p12
 * size is a safe upper bound; never below the @signpdf default of 8192.
 */
function signatureLengthFor(p12: Uint8Array): number {
  const needed = 2 * (p12.byteLength + 2048);
  return Math.max(8192, Math.ceil(needed / 1024) * 1024);
}

function isAlreadySealed(pdf: Uint8Array): boolean {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  return /\/ByteRange\s*\[\s*\d+\s+\d+\s+\d+\s+\d+\s*\]/.test(text);
}

/**
 * The placeholder writes /Reason, /Name and /Location with pdf-lib's
 * PDFString.of, which copies the text verbatim into a (literal) string: only
 * single-byte characters survive and parentheses/backslashes must be escaped.
 */
function pdfLiteral(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/[^\x20-\x7E\xA0-\xFF]/g, "?")
    .replace(/[\\()]/g, (c) => `\\${c}`);
}

/**
 * Seals a PDF: adds a signature field and signs the whole file. The result must
 * not be modified afterwards (any change, even re-saving, breaks the seal).
 */
export async function sealPdf(
  pdf: Uint8Array,
  cert: { p12: Buffer; passphrase: string },
  opts: SealOptions = {}
): Promise<Uint8Array> {
  // Re-saving a sealed file with pdf-lib would silently break its first seal.
  if (isAlreadySealed(pdf)) throw new Error("This PDF is already sealed; seal the unsealed rendering instead");
  const signingTime = opts.signingTime ?? new Date();
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: pdfLiteral(opts.reason ?? "Verzegeld door Akkoord"),
    contactInfo: "",
    name: pdfLiteral(opts.name ?? "Akkoord"),
    location: pdfLiteral(opts.location ?? "Akkoord"),
    signingTime,
    signatureLength: signatureLengthFor(cert.p12),
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    appName: "Akkoord",
  });
  const withPlaceholder = await doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY });
  const signer = new P12Signer(cert.p12, { passphrase: cert.passphrase });
  const unsigned = Buffer.from(withPlaceholder.buffer, withPlaceholder.byteOffset, withPlaceholder.byteLength);
  const signed = await new SignPdf().sign(unsigned, signer, signingTime);
  return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
}

// ---------------------------------------------------------------------------
// Certificates

/** SHA-256 of a certificate's DER encoding, lowercase hex. */
export function certificateFingerprint(cert: forge.pki.Certificate): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return createHash("sha256").update(Buffer.from(der, "binary")).digest("hex");
}

/** Normalises "AB:CD:…" / "abcd…" fingerprints to lowercase hex without separators. */
export function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-fA-F]/g, "").toLowerCase();
}

/**
 * Opens a PKCS#12 bundle the way @signpdf/signer-p12 does and returns the
 * certificate that belongs to the private key.
 */
export function certificateFromP12(p12: Uint8Array, passphrase: string): forge.pki.Certificate {
  const asn1 = forge.asn1.fromDer(Buffer.from(p12).toString("binary"));
  const bundle = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  const keyBags = [
    ...(bundle.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(bundle.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag!] ?? []),
  ];
  const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error("The PKCS#12 bundle contains no private key");
  const certBags = bundle.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag!] ?? [];
  for (const bag of certBags) {
    const publicKey = bag.cert?.publicKey as forge.pki.rsa.PublicKey | undefined;
    if (bag.cert && publicKey?.n && key.n.compareTo(publicKey.n) === 0 && key.e.compareTo(publicKey.e) === 0) {
      return bag.cert;
    }
  }
  throw new Error("The PKCS#12 bundle contains no certificate for its private key");
}

function createDevCertificate(passphrase: string, now: Date): Buffer {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  // Positive serial: 16 random bytes with the high bit cleared.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = serial.toString("hex");
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now);
  cert.validity.notAfter.setFullYear(now.getFullYear() + 10);
  const attrs = [
    { name: "commonName", value: DEV_CERT_COMMON_NAME },
    { name: "organizationName", value: "Akkoord" },
    { name: "countryName", value: "BE" },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", critical: true, digitalSignature: true, nonRepudiation: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  // @signpdf/signer-p12 re-opens the bundle for every signature, and with
  // forge's default of 2048 PBKDF2 iterations that alone costs ~25 ms. The
  // passphrase is 192 random bits stored right next to the file, so key
  // stretching adds no protection here; a low count keeps sealing fast.
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], passphrase, {
    algorithm: "aes256",
    count: 256,
    friendlyName: DEV_CERT_COMMON_NAME,
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), "binary");
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function writePrivateFile(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

const devCreation = new Map<string, Promise<void>>();

async function ensureDevCertificate(devDir: string, now: Date): Promise<void> {
  const p12File = path.join(devDir, DEV_CERT_FILE);
  const passFile = path.join(devDir, DEV_PASS_FILE);
  if ((await exists(p12File)) && (await exists(passFile))) return;
  const key = path.resolve(devDir);
  let pending = devCreation.get(key);
  if (!pending) {
    pending = (async () => {
      if ((await exists(p12File)) && (await exists(passFile))) return;
      await mkdir(devDir, { recursive: true, mode: 0o700 });
      const passphrase = randomBytes(24).toString("base64url");
      const p12 = createDevCertificate(passphrase, now);
      // Passphrase first, certificate last: the p12 only appears once its pass is there.
      await writePrivateFile(passFile, `${passphrase}\n`);
      await writePrivateFile(p12File, p12);
    })().finally(() => devCreation.delete(key));
    devCreation.set(key, pending);
  }
  await pending;
}

export interface SealCertificateConfig {
  /** Path to a PKCS#12 (.p12/.pfx) file; when empty a development certificate is used. */
  p12Path?: string | null;
  /** Passphrase of the configured PKCS#12 file (default ""). */
  passphrase?: string | null;
  /** Directory for the development certificate (dev-seal.p12 + dev-seal.pass). */
  devDir: string;
  /** The moment a new development certificate starts to be valid (default: the clock's now). */
  now?: Date;
}

/**
 * Loads the sealing certificate: the configured PKCS#12 file, or else a
 * self-signed development certificate in devDir (created on first use and
 * reused afterwards). Throws when the bundle cannot be opened.
 */
export async function loadOrCreateSealCertificate(config: SealCertificateConfig): Promise<SealCertificate> {
  let p12: Buffer;
  let passphrase: string;
  if (config.p12Path) {
    p12 = await readFile(config.p12Path);
    passphrase = config.passphrase ?? "";
  } else {
    await ensureDevCertificate(config.devDir, config.now ?? new Date());
    p12 = await readFile(path.join(config.devDir, DEV_CERT_FILE));
    passphrase = (await readFile(path.join(config.devDir, DEV_PASS_FILE), "utf8")).trim();
  }
  const cert = certificateFromP12(p12, passphrase);
  return { p12, passphrase, fingerprint: certificateFingerprint(cert) };
}
