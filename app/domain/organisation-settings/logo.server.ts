// An organisation's logo, shown on the cover of its sealed agreements. Only
// the organisation's own beheerder uploads or removes it. Anything uploaded is
// checked before it is stored: at most 500 KB, a PNG or JPEG by its first
// bytes (never by its name or the browser's type), pixel dimensions read from
// the header (at most 2000 × 2000) before anything is decoded, and a PNG must
// be complete and well formed (its image data inflates, bounded, to exactly
// what the header announces), so the PDF renderer can embed it.
import { membershipsAllow, rolesAllowing } from "~/domain/access/policy";
import { isWellFormedPng } from "~/domain/signing/drawn-signature.server";
import { db } from "~/utils/db.server";
import { forbidden, invalidInput } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

export const LOGO_MAX_BYTES = 500 * 1024;
export const LOGO_MAX_DIMENSION = 2000;

export const LOGO_MESSAGES = {
  missing: "Kies een afbeelding om als logo op te laden.",
  tooLarge: `Het logo is te groot. Een logo mag hoogstens ${LOGO_MAX_BYTES / 1024} kB zijn.`,
  wrongType: "Het logo moet een PNG- of JPEG-afbeelding zijn.",
  broken: "Deze afbeelding kunnen we niet lezen. Sla ze opnieuw op als PNG of JPEG en probeer nog eens.",
  tooManyPixels: `Het logo heeft te veel pixels. Het mag hoogstens ${LOGO_MAX_DIMENSION} × ${LOGO_MAX_DIMENSION} pixels zijn.`,
  forbidden: "Alleen de beheerder van deze organisatie kan haar logo wijzigen.",
} as const;

export type LogoMimeType = "image/png" | "image/jpeg";
export type LogoCheck =
  | { ok: true; mimeType: LogoMimeType; width: number; height: number }
  | { ok: false; message: string };

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** Width and height from a PNG's IHDR (the first chunk), or null. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (view.getUint32(8) !== 13 || type !== "IHDR") return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers (SOF0–SOF15 without DHT, JPG and DAC), which carry the frame's size. */
const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Width and height from a JPEG's frame header, walking the segments before the image data; null when there is none. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  let offset = 2;
  // Each step moves forward by at least the 4 bytes of a segment header: bounded by the (capped) size.
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame header
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2) return null;
    if (JPEG_FRAME_MARKERS.has(marker)) {
      if (offset + 9 > bytes.length || length < 7) return null;
      const height = (bytes[offset + 5]! << 8) | bytes[offset + 6]!;
      const width = (bytes[offset + 7]! << 8) | bytes[offset + 8]!;
      return { width, height };
    }
    offset += 2 + length;
  }
  return null;
}

/** Checks uploaded bytes as a logo: size, type by magic bytes, pixel dimensions from the header, a readable PNG. */
export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.length === 0) return { ok: false, message: LOGO_MESSAGES.missing };
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, message: LOGO_MESSAGES.tooLarge };
  const isPng = startsWith(bytes, PNG_MAGIC);
  const isJpeg = startsWith(bytes, [0xff, 0xd8, 0xff]);
  if (!isPng && !isJpeg) return { ok: false, message: LOGO_MESSAGES.wrongType };
  const size = isPng ? pngSize(bytes) : jpegSize(bytes);
  if (!size || size.width < 1 || size.height < 1) return { ok: false, message: LOGO_MESSAGES.broken };
  if (size.width > LOGO_MAX_DIMENSION || size.height > LOGO_MAX_DIMENSION) return { ok: false, message: LOGO_MESSAGES.tooManyPixels };
  // Only now, with the size known to be small, is the PNG's image data inflated (bounded) to check it.
  if (isPng && !isWellFormedPng(bytes)) return { ok: false, message: LOGO_MESSAGES.broken };
  return { ok: true, mimeType: isPng ? "image/png" : "image/jpeg", ...size };
}

function requireLogoManager(user: SessionUser, organisationId: string): void {
  if (!membershipsAllow(user.memberships, "organisation:logo", [organisationId])) throw forbidden(LOGO_MESSAGES.forbidden);
}

/** Stores (or replaces) the organisation's logo; refuses with a Dutch message and stores nothing when the bytes are not a fitting logo. */
export async function saveOrganisationLogo(options: { user: SessionUser; organisationId: string; bytes: Uint8Array }) {
  const { user, organisationId, bytes } = options;
  requireLogoManager(user, organisationId);
  const check = checkLogo(bytes);
  if (!check.ok) throw invalidInput(check.message, "logo");
  const data = { mimeType: check.mimeType, width: check.width, height: check.height, bytes: Buffer.from(bytes), uploadedById: user.id };
  await db.organisationLogo.upsert({ where: { organisationId }, create: { organisationId, ...data }, update: data });
  return { mimeType: check.mimeType, width: check.width, height: check.height };
}

export async function removeOrganisationLogo(options: { user: SessionUser; organisationId: string }) {
  requireLogoManager(options.user, options.organisationId);
  await db.organisationLogo.deleteMany({ where: { organisationId: options.organisationId } });
}

/** The organisations whose logo this user manages, with the current logo's type and size (never the bytes). */
export async function logosManagedBy(user: SessionUser) {
  const managed = user.memberships.filter((m) => membershipsAllow([m], "organisation:logo"));
  if (managed.length === 0) return [];
  const logos = await db.organisationLogo.findMany({
    // Through the user's own memberships (a join), not a list of ids from the session.
    where: { organisation: { memberships: { some: { userId: user.id, active: true, role: { in: rolesAllowing("organisation:logo") } } } } },
    select: { organisationId: true, mimeType: true, width: true, height: true },
  });
  return managed.map((m) => ({
    organisationId: m.organisationId,
    organisationName: m.organisationName,
    logo: logos.find((l) => l.organisationId === m.organisationId) ?? null,
  }));
}
