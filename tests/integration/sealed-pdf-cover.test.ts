// The sealed PDF of a stored version, as the app renders it: the cover shows
// the agreement's reference and the parties' logos, never its database id; the
// file is tagged and the seal valid.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodePng, makeTempDir, pdftotextPages, runPoppler, writeTempPdf } from "../support/pdf";
import { renderFinalPdf } from "~/domain/signing/finalize-version.server";
import { db } from "~/utils/db.server";
import { createFrozenVersion } from "../factories/versions";

const NOW = new Date("2026-11-23T09:00:00Z");

describe("the sealed PDF of a stored version", () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("has the reference and the school's logo on the cover, no database id, and is tagged and validly sealed", async () => {
    const { agreement, school, version } = await createFrozenVersion();
    const logo = encodePng(200, 100, (x, y) => [30, 90, (x + y) % 256, 255]);
    await db.organisationLogo.create({ data: { organisationId: school.id, mimeType: "image/png", width: 200, height: 100, bytes: Buffer.from(logo) } });
    const { reference } = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(reference).toMatch(/^AN-2026-\d{4}$/);

    const file = writeTempPdf(dir, "final.pdf", await renderFinalPdf(version.id, NOW));
    const [cover = ""] = pdftotextPages(file);
    expect(cover).toContain(`Referentie ${reference}`);
    expect(cover).toContain(school.name);
    expect(cover).not.toContain(agreement.id);
    expect(cover).not.toMatch(/c[a-z0-9]{20,}/);
    expect(cover).not.toContain("Herkomst");

    const images = runPoppler("pdfimages", ["-list", "-f", "1", "-l", "1", file]).stdout;
    expect(images).toMatch(/^\s*1\s+\d+\s+image\s+200\s+100\s/m);
    expect(runPoppler("pdfinfo", [file]).stdout).toMatch(/^Tagged:\s+yes$/m);
    expect(runPoppler("pdfsig", [file]).stdout).toContain("Signature is Valid.");
  });
});
