// A drawn signature arrives as a PNG data URL (from the canvas on the signing
// page) or as an uploaded PNG file. We accept it only when it is small and a
// real, complete PNG: signature bytes, valid chunks (CRC), IHDR first, image
// data that inflates to exactly what the header announces, IEND last.
//
// A PNG is a compressed image: 200 KB can announce or inflate to hundreds of
// MB. The header is checked first (at most MAX_DIMENSION pixels a side and
// MAX_PIXEL_BYTES of image data), and inflating stops at the size the header
// announces, so a bomb costs no more than an honest signature of that size.
import { crc32, inflateSync } from "node:zlib";
import { DRAWN_SIGNATURE_MAX_BYTES } from "./settings.server";

export const DRAWN_SIGNATURE_MESSAGES = {
  tooLarge: `De handtekening is te groot. Een handtekening mag hoogstens ${Math.round(DRAWN_SIGNATURE_MAX_BYTES / 1024)} kB zijn.`,
  notPng: "De handtekening is geen PNG-afbeelding. Teken opnieuw of kies een PNG-bestand.",
  tooManyPixels: "De afbeelding van de handtekening is te groot (te veel pixels). Kies een kleinere afbeelding of teken opnieuw.",
} as const;

export type DrawnSignatureResult = { ok: true; png: Uint8Array | null } | { ok: false; message: string };

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Pixels a side: a signature canvas is at most a few thousand wide on a high-density screen. */
const MAX_DIMENSION = 4000;
/**
 * Image data (after inflating) a signature may have: a 3000 × 600 canvas at
 * 8-bit RGBA is about 7 MB.
 */
export const MAX_PIXEL_BYTES = 16 * 1024 * 1024;

export function hasPngMagic(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_MAGIC.length && PNG_MAGIC.every((b, i) => bytes[i] === b);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7 passes: [x start, y start, x step, y step]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

type Header = { width: number; height: number; depth: number; colour: number; interlace: number };

/** The exact size of the inflated image data: each row's bytes plus its filter byte, per (Adam7) pass. */
export function announcedPixelBytes(header: Header): number {
  const bitsPerPixel = (CHANNELS[header.colour] ?? 1) * header.depth;
  const rows = (width: number, height: number) => (width === 0 || height === 0 ? 0 : (Math.ceil((width * bitsPerPixel) / 8) + 1) * height);
  if (header.interlace === 0) return rows(header.width, header.height);
  return ADAM7.reduce(
    (sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((header.width - x0) / dx), Math.ceil((header.height - y0) / dy)),
    0,
  );
}

type PngProblem = "notPng" | "tooManyPixels";

/** Why these bytes are not an acceptable signature PNG, or null when they are. */
function pngProblem(bytes: Uint8Array): PngProblem | null {
  if (!hasPngMagic(bytes)) return "notPng";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PNG_MAGIC.length;
  let header: Header | null = null;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    if (length > bytes.length - offset - 12) return "notPng";
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) return "notPng";
    if (!header && type !== "IHDR") return "notPng";
    if (type === "IHDR") {
      if (header || length !== 13) return "notPng";
      const d = new DataView(data.buffer, data.byteOffset, data.byteLength);
      header = { width: d.getUint32(0), height: d.getUint32(4), depth: data[8]!, colour: data[9]!, interlace: data[12]! };
      if (header.width < 1 || header.height < 1) return "notPng";
      if (!DEPTHS[header.colour]?.includes(header.depth) || header.interlace > 1) return "notPng";
      // The header alone says how much memory the image would take: refuse before reading on.
      if (header.width > MAX_DIMENSION || header.height > MAX_DIMENSION) return "tooManyPixels";
      if (announcedPixelBytes(header) > MAX_PIXEL_BYTES) return "tooManyPixels";
    } else if (type === "IDAT") {
      idat.push(data);
    } else if (type === "IEND") {
      ended = true;
      offset += 12 + length;
      break;
    }
    offset += 12 + length;
  }
  if (!header || !ended || idat.length === 0 || offset !== bytes.length) return "notPng";
  const expected = announcedPixelBytes(header);
  let raw: Buffer;
  try {
    // Never more than the header announced: zlib stops there (ERR_BUFFER_TOO_LARGE) instead of inflating a bomb.
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    return "notPng";
  }
  return raw.length === expected ? null : "notPng";
}

/** True when the bytes are a complete, well-formed PNG of a sensible size. */
export function isWellFormedPng(bytes: Uint8Array): boolean {
  return pngProblem(bytes) === null;
}

/** Checks PNG bytes: null stays null (no drawn signature). */
export function checkDrawnSignature(png: Uint8Array | null): DrawnSignatureResult {
  if (!png || png.length === 0) return { ok: true, png: null };
  if (png.length > DRAWN_SIGNATURE_MAX_BYTES) return { ok: false, message: DRAWN_SIGNATURE_MESSAGES.tooLarge };
  const problem = pngProblem(png);
  if (problem) return { ok: false, message: DRAWN_SIGNATURE_MESSAGES[problem] };
  return { ok: true, png };
}

const DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/=\s]*)$/;

/**
 * The drawn signature from the signing form: the canvas's data URL when the
 * person drew, else an uploaded file. Empty inputs mean "no drawn signature".
 */
export async function readDrawnSignature(input: {
  dataUrl?: string | null;
  file?: Blob | null;
}): Promise<DrawnSignatureResult> {
  const dataUrl = input.dataUrl?.trim() ?? "";
  if (dataUrl !== "") {
    const match = DATA_URL.exec(dataUrl);
    if (!match) return { ok: false, message: DRAWN_SIGNATURE_MESSAGES.notPng };
    // Base64 is 4/3 of the bytes: refuse before decoding something huge.
    if (match[1]!.length > Math.ceil((DRAWN_SIGNATURE_MAX_BYTES * 4) / 3) + 8) {
      return { ok: false, message: DRAWN_SIGNATURE_MESSAGES.tooLarge };
    }
    return checkDrawnSignature(new Uint8Array(Buffer.from(match[1]!, "base64")));
  }
  const file = input.file;
  if (file && file.size > 0) {
    if (file.size > DRAWN_SIGNATURE_MAX_BYTES) return { ok: false, message: DRAWN_SIGNATURE_MESSAGES.tooLarge };
    return checkDrawnSignature(new Uint8Array(await file.arrayBuffer()));
  }
  return { ok: true, png: null };
}
