// Public verification of an uploaded PDF: is it a genuine signed version from
// this service? Genuine means: the seal is intact, covers the whole file and
// was made with the service certificate; the version hash inside names a
// signed version; and the bytes are exactly the stored final PDF. Only a
// genuine PDF reveals which agreement it is (title) and who signed when.
//
// Cheap first, and bounded throughout (anyone may upload): the seal is checked
// on the raw bytes, the version hash is found by a capped scan (no PDF parser),
// and only then does the database get asked, by hash.
import { extractVersionHash, verifySealedPdf } from "~/domain/pdf";
import { db } from "~/utils/db.server";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { serviceSealCertificate } from "./seal-certificate.server";
import { VERIFY_MAX_PER_WINDOW, VERIFY_WINDOW_MS } from "./settings.server";

export type VerifyVerdict =
  | {
      genuine: true;
      title: string;
      versionNumber: number;
      /** "ondertekend", or "vervangen" when a newer version was signed since. */
      status: string;
      signedAt: Date;
      signers: Array<{ name: string; signedAt: Date }>;
      versionHash: string;
    }
  | { genuine: false; problems: string[] };

export const VERIFY_PROBLEMS = {
  unknownVersion: "Het document komt niet overeen met een ondertekende versie in Akkoord.",
  differentBytes: "Het document verschilt van de ondertekende versie die Akkoord bewaart.",
  noHash: "Het document bevat geen vingerafdruk (hash) van een versie uit Akkoord.",
} as const;

export const VERIFY_RATE_LIMITED_MESSAGE =
  "U liet in korte tijd te veel bestanden controleren. Wacht enkele minuten en probeer het dan opnieuw.";

const attempts = createRateLimiter({ limit: VERIFY_MAX_PER_WINDOW, windowMs: VERIFY_WINDOW_MS, maxKeys: 10_000 });

/**
 * Counts one verification for a client address, before anything is read.
 * When the address is over its limit: not allowed, with the seconds to wait.
 * Requests without a known address share one allowance.
 */
export function takeVerifyAttempt(options: { ipAddress: string | null; now?: Date }): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const now = options.now ?? new Date();
  const key = options.ipAddress ?? "onbekend";
  if (attempts.take(key, now)) return { allowed: true };
  return { allowed: false, retryAfterSeconds: attempts.retryAfterSeconds(key, now) };
}

/** The title as signed (from the version's snapshot). */
function signedTitle(content: string): string | null {
  try {
    const title = (JSON.parse(content) as { agreement?: { title?: unknown } }).agreement?.title;
    return typeof title === "string" ? title : null;
  } catch {
    return null;
  }
}

export async function verifyUploadedPdf(bytes: Uint8Array): Promise<VerifyVerdict> {
  const cert = await serviceSealCertificate();
  const seal = verifySealedPdf(bytes, { trustedFingerprints: [cert.fingerprint] });
  const problems = [...seal.problems];
  const sealOk = seal.sealed && seal.intact && seal.coversWholeFile && seal.trusted;

  const hash = sealOk || seal.sealed ? await extractVersionHash(bytes) : null;
  if (!hash) {
    if (seal.sealed || problems.length === 0) problems.push(VERIFY_PROBLEMS.noHash);
    return { genuine: false, problems };
  }
  const candidates = await db.agreementVersion.findMany({
    where: { contentHash: hash, status: { in: ["ondertekend", "vervangen"] }, finalPdf: { not: null } },
    select: { id: true, number: true, status: true, finalPdf: true, content: true, agreement: { select: { title: true } } },
  });
  if (candidates.length === 0) return { genuine: false, problems: [...problems, VERIFY_PROBLEMS.unknownVersion] };
  const upload = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const match = candidates.find((v) => v.finalPdf && Buffer.from(v.finalPdf).equals(upload));
  if (!match) return { genuine: false, problems: [...problems, VERIFY_PROBLEMS.differentBytes] };
  if (!sealOk) return { genuine: false, problems };

  const signatures = await db.signature.findMany({
    where: { versionId: match.id, outcome: "signed" },
    orderBy: { signedAt: "asc" },
    select: { typedName: true, signedAt: true, signatory: { select: { name: true } } },
  });
  const signers = signatures.map((s) => ({ name: s.signatory.name, signedAt: s.signedAt }));
  return {
    genuine: true,
    title: signedTitle(match.content) ?? match.agreement.title,
    versionNumber: match.number,
    status: match.status,
    signedAt: signers.at(-1)?.signedAt ?? new Date(0),
    signers,
    versionHash: hash,
  };
}
