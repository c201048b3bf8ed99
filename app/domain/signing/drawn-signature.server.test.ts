import { crc32 } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { deflatedZeros, encodePng, makeSignaturePng, pngWithImageData } from "../../../tests/support/pdf";
import {
  announcedPixelBytes,
  checkDrawnSignature,
  DRAWN_SIGNATURE_MESSAGES,
  isWellFormedPng,
  readDrawnSignature,
} from "./drawn-signature.server";

describe("drawn signatures", () => {
  const png = makeSignaturePng();

  it("accepts a real PNG, from a data URL or a file, and nothing at all", async () => {
    expect(isWellFormedPng(png)).toBe(true);
    const fromUrl = await readDrawnSignature({ dataUrl: `data:image/png;base64,${Buffer.from(png).toString("base64")}` });
    expect(fromUrl.ok && Buffer.from(fromUrl.png!).equals(Buffer.from(png))).toBe(true);
    const fromFile = await readDrawnSignature({ file: new Blob([new Uint8Array(png)]) });
    expect(fromFile.ok && fromFile.png?.byteLength).toBe(png.byteLength);
    expect(await readDrawnSignature({ dataUrl: "", file: new Blob([]) })).toEqual({ ok: true, png: null });
  });

  it("refuses what only looks like a PNG", () => {
    const broken = Uint8Array.from(png);
    broken[broken.length - 20] = (broken[broken.length - 20]! + 1) % 256; // a CRC no longer matches
    const truncated = png.subarray(0, png.length - 12); // no IEND
    const appended = Buffer.concat([Buffer.from(png), Buffer.from("extra")]);
    const magicOnly = Buffer.concat([Buffer.from(png.subarray(0, 8)), Buffer.from("<script>")]);
    for (const bytes of [broken, truncated, appended, magicOnly, Buffer.from("GIF89a")]) {
      expect(checkDrawnSignature(new Uint8Array(bytes))).toEqual({ ok: false, message: DRAWN_SIGNATURE_MESSAGES.notPng });
    }
    // Valid chunks, but the image data is too short for the size the header claims.
    const lying = Buffer.from(encodePng(2, 2, () => [0, 0, 0, 255]));
    lying.writeUInt32BE(400, 16); // IHDR width
    lying.writeUInt32BE(crc32(lying.subarray(12, 29)), 29); // IHDR CRC
    expect(isWellFormedPng(lying)).toBe(false);
  });

  it("refuses more than 200 kB", async () => {
    const big = new Uint8Array(200 * 1024 + 1);
    big.set(png.subarray(0, 8));
    expect(checkDrawnSignature(big)).toEqual({ ok: false, message: DRAWN_SIGNATURE_MESSAGES.tooLarge });
    const hugeUrl = `data:image/png;base64,${Buffer.from(big).toString("base64")}`;
    expect(await readDrawnSignature({ dataUrl: hugeUrl })).toEqual({ ok: false, message: DRAWN_SIGNATURE_MESSAGES.tooLarge });
  });
});

describe("drawn signatures that inflate to more than they should", () => {
  /** Peak memory of this process so far, in MB (monotonic, so no garbage collection hides a spike). */
  const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
  let bomb: Buffer;

  beforeAll(async () => {
    bomb = await deflatedZeros(190 * 1024 * 1024); // about 185 KB: under the 200 kB upload cap
  });

  it("a 185 KB PNG whose image data inflates to 190 MB is refused after the header's worth, cheaply", async () => {
    // The header announces 1000 × 500 RGBA (about 2 MB); the data goes on for 190 MB.
    const png = pngWithImageData({ width: 1000, height: 500 }, bomb);
    expect(png.byteLength).toBeLessThan(200 * 1024);
    const peakBefore = peakRssMb();
    const started = performance.now();
    const result = await readDrawnSignature({ dataUrl: `data:image/png;base64,${Buffer.from(png).toString("base64")}` });
    const elapsed = performance.now() - started;
    expect(result).toEqual({ ok: false, message: DRAWN_SIGNATURE_MESSAGES.notPng });
    expect(peakRssMb() - peakBefore).toBeLessThan(64);
    expect(elapsed).toBeLessThan(500);
  });

  it("a header announcing more pixels than a signature has is refused before inflating", () => {
    // 190 MB of zeros is exactly the image data of this header: honest, and far too big.
    const honest = pngWithImageData({ width: 4000, height: 49_000, colour: 0 }, bomb);
    const wide = pngWithImageData({ width: 40_000, height: 10, colour: 0 }, bomb);
    const rgba16 = pngWithImageData({ width: 4000, height: 4000, depth: 16 }, bomb); // 128 MB announced
    const peakBefore = peakRssMb();
    for (const png of [honest, wide, rgba16]) {
      expect(checkDrawnSignature(png)).toEqual({ ok: false, message: DRAWN_SIGNATURE_MESSAGES.tooManyPixels });
    }
    expect(peakRssMb() - peakBefore).toBeLessThan(16);
  });

  it("counts the image data of interlaced (Adam7) images pass by pass", () => {
    // 8 × 8 grey: 7 passes of 1×1, 1×1, 2×1, 2×2, 4×2, 4×4, 8×4 pixels, each row with a filter byte.
    expect(announcedPixelBytes({ width: 8, height: 8, depth: 8, colour: 0, interlace: 1 })).toBe(79);
    expect(announcedPixelBytes({ width: 8, height: 8, depth: 8, colour: 0, interlace: 0 })).toBe(72);
    expect(announcedPixelBytes({ width: 1, height: 1, depth: 8, colour: 6, interlace: 1 })).toBe(5);
  });
});
