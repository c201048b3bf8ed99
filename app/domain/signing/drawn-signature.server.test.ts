import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodePng, makeSignaturePng } from "~/domain/pdf/test-support";
import { checkDrawnSignature, DRAWN_SIGNATURE_MESSAGES, isWellFormedPng, readDrawnSignature } from "./drawn-signature.server";

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
