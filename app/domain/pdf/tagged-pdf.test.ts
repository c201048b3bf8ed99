// The sealed PDF is a tagged PDF a screen reader can follow: document language
// nl-BE and a title shown in the title bar, /MarkInfo, a structure tree of
// headings, paragraphs, tables and figures tied to marked content on the pages,
// decoration as artifacts. Checked with Debian's poppler-utils and qpdf on the
// real bytes, after sealing (the seal must keep all of it and stay valid).
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateSealCertificate, renderAgreementPdf, sealPdf } from "./index";
import { buildSampleInput, encodePng, makeTempDir, pdftotextPages, runPoppler, writeTempPdf } from "../../../tests/support/pdf";

type QpdfObject = { value?: unknown };
type Dict = Record<string, unknown>;

function qpdf(args: string[]): string {
  const result = spawnSync("qpdf", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`qpdf not found (Debian: apt-get install -y qpdf): ${result.error.message}`);
  // 0 = fine, 3 = warnings
  if (result.status !== 0 && result.status !== 3) throw new Error(`qpdf failed: ${result.stderr}`);
  return result.stdout;
}

/** All objects of the file as qpdf reads them ("obj:12 0 R" → value). */
function qpdfObjects(file: string): Map<string, unknown> {
  const json = JSON.parse(qpdf(["--json=2", "--json-key=qpdf", file])) as { qpdf: [unknown, Record<string, QpdfObject>] };
  return new Map(Object.entries(json.qpdf[1]).map(([key, object]) => [key.replace(/^obj:/, ""), object.value]));
}

describe("the sealed agreement PDF is tagged", () => {
  let dir: string;
  let file: string;
  let objects: Map<string, unknown>;
  const input = buildSampleInput({
    reference: "AN-2026-0042",
    title: "Afsprakennota 2026-2027 — Basisschool De Regenboog × Vrij CLB Gent",
    shortTitle: null,
  });
  input.parties[0] = { ...input.parties[0]!, logo: { bytes: encodePng(160, 80, (x) => [20, 60, x, 255]), mimeType: "image/png" } };

  const lookup = (ref: unknown): Dict => objects.get(String(ref)) as Dict;

  beforeAll(async () => {
    dir = makeTempDir();
    const cert = await loadOrCreateSealCertificate({ devDir: path.join(dir, "certs"), now: input.generatedAt });
    const sealed = await sealPdf(await renderAgreementPdf(input), cert, { signingTime: input.generatedAt });
    file = writeTempPdf(dir, "sealed.pdf", sealed);
    objects = qpdfObjects(file);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("pdfinfo: tagged, with the title; the seal is still valid", () => {
    const info = runPoppler("pdfinfo", [file]).stdout;
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Afsprakennota 2026-2027 – Basisschool De Regenboog, Vrij CLB Gent en Stad Gent – Dienst Onderwijs$/m);
    const sig = runPoppler("pdfsig", [file]).stdout;
    expect(sig).toContain("Signature is Valid.");
    expect(sig).toContain("Total document signed");
  });

  it("the catalog has /Lang (nl-BE), /MarkInfo, DisplayDocTitle and a structure tree", () => {
    const catalog = [...objects.values()].find((o) => (o as Dict | undefined)?.["/Type"] === "/Catalog") as Dict;
    expect(catalog["/Lang"]).toBe("u:nl-BE");
    expect(catalog["/MarkInfo"]).toEqual({ "/Marked": true });
    const preferences = typeof catalog["/ViewerPreferences"] === "string" ? lookup(catalog["/ViewerPreferences"]) : (catalog["/ViewerPreferences"] as Dict);
    expect(preferences["/DisplayDocTitle"]).toBe(true);
    const root = lookup(catalog["/StructTreeRoot"]);
    expect(root["/Type"]).toBe("/StructTreeRoot");
    expect(lookup(root["/K"])["/S"]).toBe("/Document");
  });

  it("headings, paragraphs, tables and figures (with alternative text) are structure elements", () => {
    const elements = [...objects.values()].filter((o) => (o as Dict | undefined)?.["/Type"] === "/StructElem") as Dict[];
    const roles = new Set(elements.map((e) => e["/S"]));
    for (const role of ["/Document", "/H1", "/H2", "/H3", "/P", "/Table", "/TR", "/TH", "/TD", "/Figure"]) expect(roles).toContain(role);
    const figures = elements.filter((e) => e["/S"] === "/Figure").map((e) => e["/Alt"]);
    expect(figures).toEqual(["u:Logo van Basisschool De Regenboog", "u:Getekende handtekening van Anaïs Verbeke"]);
  });

  it("every page's marked content belongs to an element through the ParentTree; decoration is an artifact", () => {
    const catalog = [...objects.values()].find((o) => (o as Dict | undefined)?.["/Type"] === "/Catalog") as Dict;
    const root = lookup(catalog["/StructTreeRoot"]);
    const parentTree = lookup(root["/ParentTree"]);
    const nums = parentTree["/Nums"] as unknown[];
    const pages = [...objects.values()].filter((o) => (o as Dict | undefined)?.["/Type"] === "/Page") as Dict[];
    expect(nums.length).toBe(2 * pages.length);
    expect(root["/ParentTreeNextKey"]).toBe(pages.length);

    // The uncompressed content of each page: one BDC with an MCID per owner in the ParentTree.
    const qdf = path.join(dir, "qdf.pdf");
    qpdf(["--qdf", "--object-streams=disable", file, qdf]);
    const text = readFileSync(qdf, "latin1");
    const mcids = [...text.matchAll(/\/(H1|H2|H3|P|TH|TD|Figure) <<\s*\/MCID (\d+)\s*>>\s*BDC/g)];
    const owners = nums.filter((n) => Array.isArray(n)).reduce((sum: number, list) => sum + (list as unknown[]).length, 0);
    expect(mcids.length).toBe(owners);
    expect(text).toMatch(/\/Artifact BMC/);
    // Not on a page and not in the document properties either: the database id is in no object (strings decoded by qpdf).
    expect(text).not.toContain(input.agreementId);
    const decoded = JSON.stringify([...objects.values()]);
    expect(decoded).not.toContain(input.agreementId);
    expect(decoded).toContain('"/AkkoordReference":"u:AN-2026-0042"');
  });

  it("the structure reads the cover in order: the heading, then the parties", () => {
    const structure = runPoppler("pdfinfo", ["-struct-text", file]).stdout;
    expect(structure).toMatch(/H1 \(block\)\s+"Afsprakennota 2026-2027"/);
    expect(structure).toMatch(/H2 \(block\)\s+"Partijen"/);
    expect(structure.indexOf("Basisschool De Regenboog")).toBeGreaterThan(structure.indexOf("Partijen"));
    // Footers and page numbers are artifacts, not read as content.
    expect(structure).not.toContain("pagina 1 van");
  });

  it("page 1 shows the reference and neither a database id nor provenance", () => {
    const [cover = ""] = pdftotextPages(file);
    expect(cover).toContain("AN-2026-0042");
    expect(cover).not.toMatch(/c[a-z0-9]{20,}/);
    expect(cover).not.toContain("Herkomst");
    expect(cover).not.toContain("×");
  });
});
