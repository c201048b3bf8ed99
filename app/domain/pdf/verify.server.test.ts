// Verification reads files that anyone may upload: what it inflates is capped,
// and a file that is not a complete PDF is refused before anything else.
import { beforeAll, describe, expect, it } from "vitest";
import { extractVersionHash, renderAgreementPdf, SEAL_PROBLEMS, verifySealedPdf } from "./index";
import { buildSampleInput, deflatedZeros, SAMPLE_VERSION_HASH, sealedLookingPdfBomb } from "./test-support";

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
});
