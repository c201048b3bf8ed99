// Verification of a sealed PDF, independent of the renderer: finds the (last)
// signature's ByteRange, checks the signed bytes against the CMS messageDigest,
// verifies the CMS signature with the embedded certificate (node-forge) and
// compares the certificate's fingerprint with the trusted ones. Never throws:
// whatever is wrong ends up in `problems` (short Dutch sentences).
//
// Anyone may upload a file here (/verifieer), so nothing in this module parses
// the PDF's object graph (no pdf-lib): it scans bytes, and whatever it inflates
// or hands to forge is capped in size, count and time. A hostile file costs at
// most a few milliseconds and a few megabytes.

import { createHash, type Hash } from "node:crypto";
import { constants as zlibConstants, inflateSync } from "node:zlib";
import forge from "node-forge";
import { VERSION_HASH_INFO_KEY } from "./constants";
import { certificateFingerprint, normaliseFingerprint } from "./seal.server";
import type { SealVerification } from "./types";

export const PROBLEMS = {
  notPdf: "Dit bestand is geen PDF-document.",
  notSealed: "Het document is niet verzegeld.",
  incomplete: "Het zegel is onvolledig: de handtekening ontbreekt.",
  badRange: "Het ondertekende bereik van het zegel is ongeldig.",
  unreadable: "De handtekening van het zegel kan niet gelezen worden.",
  unsupported: "De handtekening van het zegel gebruikt een niet-ondersteund algoritme.",
  noCertificate: "Het certificaat van de ondertekenaar ontbreekt in het zegel.",
  modified: "De inhoud werd gewijzigd na het verzegelen.",
  badSignature: "De handtekening van het zegel is ongeldig.",
  notWholeFile: "Het zegel dekt niet het volledige bestand: er werd iets toegevoegd of weggelaten.",
  untrusted: "Het zegel werd niet geplaatst met een vertrouwd certificaat.",
  certificateNotValid: "Het certificaat was niet geldig op het moment van verzegelen.",
  truncated: "Het PDF-bestand is onvolledig: het einde van het bestand ontbreekt.",
} as const;

/**
 * The most a seal's /Contents may hold, in hex digits. Akkoord's own seals
 * reserve 2 × (PKCS#12 size + 2 KB) bytes, about 16 KB of hex; 256 KB leaves
 * room for any real certificate chain and keeps forge's parsing cheap.
 */
const MAX_SIGNATURE_HEX = 256 * 1024;
/** Largest RSA key (modulus bits) and public exponent (bits) whose signature is checked: beyond these, forge's pure-JS arithmetic gets slow. */
const MAX_RSA_MODULUS_BITS = 8192;
const MAX_RSA_EXPONENT_BITS = 32;

const OID = {
  signedData: "1.2.840.113549.1.7.2",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  rsaEncryption: "1.2.840.113549.1.1.1",
} as const;

const DIGESTS: Record<string, { node: string; forge: () => forge.md.MessageDigest }> = {
  "1.3.14.3.2.26": { node: "sha1", forge: () => forge.md.sha1.create() },
  "2.16.840.1.101.3.4.2.1": { node: "sha256", forge: () => forge.md.sha256.create() },
  "2.16.840.1.101.3.4.2.2": { node: "sha384", forge: () => forge.md.sha384.create() },
  "2.16.840.1.101.3.4.2.3": { node: "sha512", forge: () => forge.md.sha512.create() },
};

/** RSA PKCS#1 v1.5 signature algorithm OIDs, by the digest they imply (informative only). */
const RSA_SIGNATURE_OIDS = new Set([
  OID.rsaEncryption,
  "1.2.840.113549.1.1.5", // sha1WithRSAEncryption
  "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
  "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
  "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
]);

interface ByteRange {
  start: number; // offset of "/ByteRange" in the file
  values: [number, number, number, number];
}

function result(partial: Partial<SealVerification> & { problems: string[] }): SealVerification {
  return { sealed: false, intact: false, coversWholeFile: false, trusted: false, ...partial };
}

function toBuffer(pdf: Uint8Array): Buffer {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

function looksLikePdf(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString("latin1");
  return head.includes("%PDF-");
}

/** A complete PDF ends with "startxref <offset> %%EOF" (readers look in the last 1024 bytes). */
function hasTrailer(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString("latin1");
  return /startxref\s+\d{1,15}\s+%%EOF/.test(tail);
}

/** All numeric /ByteRange arrays in the file, and whether an unfilled placeholder exists. */
function findByteRanges(text: string): { ranges: ByteRange[]; placeholder: boolean } {
  const ranges: ByteRange[] = [];
  let placeholder = false;
  const pattern = /\/ByteRange\s{0,16}\[([^\]]{0,200})\]/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const parts = (match[1] ?? "").trim().split(/\s+/);
    if (parts.length === 4 && parts.every((p) => /^\d{1,15}$/.test(p))) {
      const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
      ranges.push({ start: match.index, values: [a, b, c, d] });
    } else {
      placeholder = true;
    }
  }
  return { ranges, placeholder };
}

function digestOfRange(bytes: Buffer, [a, b, c, d]: ByteRange["values"], algorithm: string): Buffer {
  const hash: Hash = createHash(algorithm);
  hash.update(bytes.subarray(a, a + b));
  hash.update(bytes.subarray(c, c + d));
  return hash.digest();
}

function oidOf(node: forge.asn1.Asn1 | undefined): string | null {
  if (!node || node.type !== forge.asn1.Type.OID || typeof node.value !== "string") return null;
  return forge.asn1.derToOid(node.value);
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return node && Array.isArray(node.value) ? node.value : [];
}

interface ParsedSignerInfo {
  serialHex: string;
  digestOid: string;
  signatureOid: string;
  signedAttrs: forge.asn1.Asn1 | null;
  signature: string; // binary string
}

function parseSignerInfo(node: forge.asn1.Asn1): ParsedSignerInfo | null {
  const parts = children(node);
  const sid = parts[1];
  const digestAlgorithm = parts[2];
  let i = 3;
  let signedAttrs: forge.asn1.Asn1 | null = null;
  const maybeAttrs = parts[i];
  if (maybeAttrs && maybeAttrs.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && maybeAttrs.type === 0) {
    signedAttrs = maybeAttrs;
    i++;
  }
  const signatureAlgorithm = parts[i];
  const signature = parts[i + 1];
  // Only issuerAndSerialNumber identifies signers here (what every common signer writes).
  const serial = children(sid)[1];
  if (!serial || typeof serial.value !== "string") return null;
  const digestOid = oidOf(children(digestAlgorithm)[0]);
  const signatureOid = oidOf(children(signatureAlgorithm)[0]);
  if (!digestOid || !signatureOid || !signature || typeof signature.value !== "string") return null;
  return {
    serialHex: forge.util.bytesToHex(serial.value),
    digestOid,
    signatureOid,
    signedAttrs,
    signature: signature.value,
  };
}

function attributeValue(signedAttrs: forge.asn1.Asn1, oid: string): forge.asn1.Asn1 | undefined {
  for (const attribute of children(signedAttrs)) {
    const [type, values] = children(attribute);
    if (oidOf(type) === oid) return children(values)[0];
  }
  return undefined;
}

function asn1Time(node: forge.asn1.Asn1 | undefined): Date | undefined {
  if (!node || typeof node.value !== "string") return undefined;
  try {
    if (node.type === forge.asn1.Type.UTCTIME) return forge.asn1.utcTimeToDate(node.value);
    if (node.type === forge.asn1.Type.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(node.value);
  } catch {
    return undefined;
  }
  return undefined;
}

/** The subject CN as a JavaScript string (forge leaves UTF8String/BMPString values as raw bytes). */
function commonName(cert: forge.pki.Certificate): string | undefined {
  const field = cert.subject.getField("CN") as { value?: unknown; valueTagClass?: number } | null;
  if (!field || typeof field.value !== "string") return undefined;
  try {
    if (field.valueTagClass === forge.asn1.Type.UTF8) return forge.util.decodeUtf8(field.value);
    if (field.valueTagClass === forge.asn1.Type.BMPSTRING) {
      let text = "";
      for (let i = 0; i + 1 < field.value.length; i += 2) {
        text += String.fromCharCode((field.value.charCodeAt(i) << 8) | field.value.charCodeAt(i + 1));
      }
      return text;
    }
  } catch {
    // fall through to the raw value
  }
  return field.value;
}

function stripLeadingZeros(hex: string): string {
  return hex.toLowerCase().replace(/^(00)+(?=.)/, "");
}

function pdfDate(text: string, start: number): Date | undefined {
  // /M (D:20261122134500Z) or with +01'00' offsets, near the ByteRange.
  const window = text.slice(Math.max(0, start - 2000), start + 20000);
  const match = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(window);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, tz] = match;
  let offset = "Z";
  if (tz && tz !== "Z") offset = `${tz.slice(0, 3)}:${tz.replace(/'/g, "").slice(3, 5)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Checks the seal of a PDF. `trusted` compares the signer certificate's SHA-256
 * fingerprint (any case, with or without colons) with `trustedFingerprints`.
 */
export function verifySealedPdf(pdf: Uint8Array, opts: { trustedFingerprints: string[] }): SealVerification {
  try {
    return verify(pdf, opts);
  } catch {
    return result({ problems: [PROBLEMS.unreadable] });
  }
}

function verify(pdf: Uint8Array, opts: { trustedFingerprints: string[] }): SealVerification {
  if (!(pdf instanceof Uint8Array) || pdf.byteLength < 16) return result({ problems: [PROBLEMS.notPdf] });
  const bytes = toBuffer(pdf);
  if (!looksLikePdf(bytes)) return result({ problems: [PROBLEMS.notPdf] });
  if (!hasTrailer(bytes)) return result({ problems: [PROBLEMS.truncated] });

  const text = bytes.toString("latin1");
  const { ranges, placeholder } = findByteRanges(text);
  if (ranges.length === 0) {
    return result({ problems: [placeholder ? PROBLEMS.incomplete : PROBLEMS.notSealed] });
  }
  // The signature that reaches furthest into the file is the most recent one.
  const range = ranges.reduce((best, r) => (r.values[2] + r.values[3] >= best.values[2] + best.values[3] ? r : best));
  const [a, b, c, d] = range.values;
  const length = bytes.length;

  const rangeValid = a === 0 && b > 0 && c > b + 1 && c + d <= length && d >= 0;
  if (!rangeValid || c - b - 2 > MAX_SIGNATURE_HEX || bytes[b] !== 0x3c /* < */ || bytes[c - 1] !== 0x3e /* > */) {
    return result({ sealed: true, problems: [PROBLEMS.badRange] });
  }
  const hex = text.slice(b + 1, c - 1).replace(/\s+/g, "");
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    return result({ sealed: true, problems: [PROBLEMS.badRange] });
  }
  const coversWholeFile = c + d === length;
  const problems: string[] = [];
  if (!coversWholeFile) problems.push(PROBLEMS.notWholeFile);

  if (/^0*$/.test(hex)) {
    return result({ sealed: true, coversWholeFile, problems: [PROBLEMS.incomplete, ...problems] });
  }

  let message: forge.pkcs7.PkcsSignedData & { rawCapture?: Record<string, unknown> };
  let signerNode: forge.asn1.Asn1 | undefined;
  try {
    // forge accepts an options object here (its typings only know the boolean
    // form); parseAllBytes:false tolerates the zero padding after the CMS.
    const fromDer = forge.asn1.fromDer as unknown as (
      bytes: string,
      options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean }
    ) => forge.asn1.Asn1;
    const asn1 = fromDer(forge.util.hexToBytes(hex), { strict: false, parseAllBytes: false, decodeBitStrings: true });
    const parsed = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData & {
      type?: string;
      rawCapture?: Record<string, unknown>;
    };
    if (parsed.type !== OID.signedData) throw new Error("not signedData");
    message = parsed;
    const signerInfos = message.rawCapture?.signerInfos;
    signerNode = Array.isArray(signerInfos) ? (signerInfos[0] as forge.asn1.Asn1 | undefined) : undefined;
  } catch {
    return result({ sealed: true, coversWholeFile, problems: [PROBLEMS.unreadable, ...problems] });
  }

  const signer = signerNode ? parseSignerInfo(signerNode) : null;
  if (!signer) return result({ sealed: true, coversWholeFile, problems: [PROBLEMS.unreadable, ...problems] });
  const digest = DIGESTS[signer.digestOid];
  if (!digest || !RSA_SIGNATURE_OIDS.has(signer.signatureOid)) {
    return result({ sealed: true, coversWholeFile, problems: [PROBLEMS.unsupported, ...problems] });
  }

  // The signer certificate: matched on serial number (and issuer if ambiguous).
  const wantedSerial = stripLeadingZeros(signer.serialHex);
  const candidates = message.certificates.filter((cert) => stripLeadingZeros(cert.serialNumber) === wantedSerial);
  let cert = candidates[0];
  if (candidates.length > 1 && signerNode) {
    const issuerDer = forge.asn1.toDer(children(children(signerNode)[1])[0] as forge.asn1.Asn1).getBytes();
    cert =
      candidates.find(
        (candidate) => forge.asn1.toDer(forge.pki.distinguishedNameToAsn1(candidate.issuer)).getBytes() === issuerDer
      ) ?? cert;
  }
  if (!cert) return result({ sealed: true, coversWholeFile, problems: [PROBLEMS.noCertificate, ...problems] });
  const publicKey = cert.publicKey as Partial<forge.pki.rsa.PublicKey>;
  if (
    !publicKey.n ||
    !publicKey.e ||
    publicKey.n.bitLength() > MAX_RSA_MODULUS_BITS ||
    publicKey.e.bitLength() > MAX_RSA_EXPONENT_BITS
  ) {
    return result({ sealed: true, coversWholeFile, problems: [PROBLEMS.unsupported, ...problems] });
  }

  const signerName = commonName(cert);
  const signerFingerprint = certificateFingerprint(cert);
  const trusted = opts.trustedFingerprints.map(normaliseFingerprint).includes(signerFingerprint);

  // 1. The signed bytes must match the messageDigest attribute.
  const contentDigest = digestOfRange(bytes, range.values, digest.node);
  let digestMatches: boolean;
  let signingTime: Date | undefined;
  let signedBytes: string; // what the RSA signature covers
  if (signer.signedAttrs) {
    const messageDigest = attributeValue(signer.signedAttrs, OID.messageDigest);
    digestMatches =
      typeof messageDigest?.value === "string" && Buffer.from(messageDigest.value, "binary").equals(contentDigest);
    signingTime = asn1Time(attributeValue(signer.signedAttrs, OID.signingTime));
    // The signature covers the DER of the attributes as a SET (tag 0x31), not [0].
    const asSet = forge.asn1.create(
      forge.asn1.Class.UNIVERSAL,
      forge.asn1.Type.SET,
      true,
      children(signer.signedAttrs)
    );
    signedBytes = forge.asn1.toDer(asSet).getBytes();
  } else {
    digestMatches = true; // the signature is over the content itself
    signedBytes = "";
  }

  // 2. The CMS signature must verify with the certificate's public key.
  let signatureValid = false;
  try {
    const md = digest.forge();
    if (signer.signedAttrs) {
      md.update(signedBytes);
      signatureValid = (cert.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().getBytes(), signer.signature);
    } else {
      signatureValid = (cert.publicKey as forge.pki.rsa.PublicKey).verify(
        contentDigest.toString("binary"),
        signer.signature
      );
    }
  } catch {
    signatureValid = false;
  }

  signingTime ??= pdfDate(text, range.start);
  if (!digestMatches) problems.unshift(PROBLEMS.modified);
  if (!signatureValid) problems.unshift(PROBLEMS.badSignature);
  if (signingTime && (signingTime < cert.validity.notBefore || signingTime > cert.validity.notAfter)) {
    problems.push(PROBLEMS.certificateNotValid);
  }
  if (!trusted) problems.push(PROBLEMS.untrusted);

  return {
    sealed: true,
    intact: digestMatches && signatureValid,
    coversWholeFile,
    trusted,
    signerName,
    signingTime,
    signerFingerprint,
    problems,
  };
}

// ---------------------------------------------------------------------------
// Version hash

/** What finding the version hash may cost: inflated bytes in total, object streams, milliseconds. */
export type InflateLimits = { maxBytes: number; maxStreams: number; maxMs: number };

/**
 * The renderer's Info dictionary and pages fit in a few kilobytes of object
 * streams (a 10-page agreement: one stream of about 5 KB inflated). The caps
 * are far above that and far below what hurts.
 */
export const VERSION_HASH_INFLATE_LIMITS: InflateLimits = { maxBytes: 4 * 1024 * 1024, maxStreams: 64, maxMs: 250 };

const HASH_ENTRY = new RegExp(`/${VERSION_HASH_INFO_KEY}\\s{0,16}\\(\\s{0,16}([0-9a-fA-F]{64})\\s{0,16}\\)`, "g");
const OBJECT_STREAM = /\/Type\s{0,16}\/ObjStm\b/g;

/** The last version-hash entry in some PDF text, lowercase, or null. */
function lastHashEntry(text: string): string | null {
  let found: string | null = null;
  for (const match of text.matchAll(HASH_ENTRY)) found = match[1]!.toLowerCase();
  return found;
}

/**
 * Scans the file for the Info entry "AkkoordVersionHash": first in the plain
 * bytes, then in the FlateDecode object streams (where pdf-lib puts the Info
 * dictionary), each inflated in turn within `limits`. Inflating stops at the
 * byte budget (zlib's maxOutputLength: a bomb is cut off after maxBytes, not
 * inflated and then measured); streams past the count or time budget are not
 * read. The last entry wins (the newest Info dictionary of an incremental
 * update comes last).
 */
function scanVersionHash(bytes: Buffer, limits: InflateLimits): string | null {
  const text = bytes.toString("latin1");
  let found = lastHashEntry(text);
  const started = performance.now();
  let budget = limits.maxBytes;
  let streams = 0;
  const pattern = new RegExp(OBJECT_STREAM.source, "g");
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    // Every candidate counts, read or not: a file full of "/Type /ObjStm" costs no more than maxStreams lookups.
    if (++streams > limits.maxStreams || budget <= 0 || performance.now() - started > limits.maxMs) break;
    // The stream's dictionary runs from its "obj" keyword to "stream": look only nearby.
    const near = Math.max(0, match.index - 4096);
    const opening = text.slice(near, match.index).lastIndexOf("obj");
    const keyword = text.slice(match.index, match.index + 4096).indexOf("stream");
    if (opening < 0 || keyword < 0) continue;
    const dictionary = text.slice(near + opening, match.index + keyword);
    let start = match.index + keyword + "stream".length;
    if (text[start] === "\r") start++;
    if (text[start] === "\n") start++;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    pattern.lastIndex = end;
    // Only plain FlateDecode (no predictor, no filter chain) is what a renderer writes here.
    if (!/\/Filter\s{0,16}\/FlateDecode\b/.test(dictionary) || /\/DecodeParms/.test(dictionary)) continue;
    let inflated: Buffer;
    try {
      inflated = inflateSync(bytes.subarray(start, end), {
        maxOutputLength: budget,
        finishFlush: zlibConstants.Z_SYNC_FLUSH, // tolerate the end-of-line before "endstream"
      });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") break; // the byte budget is spent
      continue; // not deflate data: try the next stream
    }
    budget -= inflated.length;
    found = lastHashEntry(inflated.toString("latin1")) ?? found;
  }
  return found;
}

/**
 * The version hash the renderer stored in the PDF's Info dictionary
 * (key "AkkoordVersionHash"), or null when the file holds none. Works on
 * sealed files. Bounded by `limits`; never throws.
 */
export async function extractVersionHash(
  pdf: Uint8Array,
  limits: InflateLimits = VERSION_HASH_INFLATE_LIMITS,
): Promise<string | null> {
  try {
    if (!(pdf instanceof Uint8Array)) return null;
    const bytes = toBuffer(pdf);
    if (!looksLikePdf(bytes)) return null;
    return scanVersionHash(bytes, limits);
  } catch {
    return null;
  }
}
