import { rmSync } from "node:fs";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import {
  DEMO_PDF_AUDIT_NOTICE,
  DEMO_PDF_FOOTER,
  extractVersionHash,
  loadOrCreateSealCertificate,
  renderAgreementPdf,
  sealPdf,
} from "./index";
import {
  SAMPLE_VERSION_HASH,
  buildSampleInput,
  expectedRenderedText,
  makeTempDir,
  normaliseWhitespace,
  pdftotextPages,
  runPoppler,
  writeTempPdf,
} from "../../../tests/support/pdf";
import type { AgreementPdfInput } from "./types";

const FOOTER_TITLE = "Samenwerking De Regenboog – CLB – brugfiguren";
/** The footer's left part: the sample's reference and short title. */
const FOOTER_TEXT = `SO-2026-0042 · ${FOOTER_TITLE}`;

interface PdfjsItem {
  str: string;
  x: number;
  y: number;
  rotated: boolean;
}

/** Text items per page via pdfjs-dist (legacy build, works in Node). */
async function pdfjsPages(bytes: Uint8Array): Promise<PdfjsItem[][]> {
  const task = getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 });
  const doc = await task.promise;
  try {
    const pages: PdfjsItem[][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const items: PdfjsItem[] = [];
      for (const item of content.items) {
        if (!("str" in item)) continue;
        const [a = 1, b = 0, , , e = 0, f = 0] = item.transform as number[];
        items.push({ str: item.str, x: e, y: f, rotated: Math.abs(b) > 1e-6 || a < 0 });
      }
      pages.push(items);
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

function stripFooter(pageText: string): string {
  return pageText
    .split(FOOTER_TEXT)
    .join(" ")
    .replace(/pagina \d+ van \d+/g, " ");
}

describe("renderAgreementPdf", () => {
  let dir: string;
  let input: AgreementPdfInput;
  let pdf: Uint8Array;
  let pages: string[];
  let body: string; // all pages without footers, whitespace normalised

  beforeAll(async () => {
    dir = makeTempDir();
    input = buildSampleInput();
    pdf = await renderAgreementPdf(input);
    pages = pdftotextPages(writeTempPdf(dir, "agreement.pdf", pdf));
    body = normaliseWhitespace(pages.map(stripFooter).join("\n"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("produces an A4 PDF of about ten pages with metadata", async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const count = doc.getPageCount();
    expect(count).toBeGreaterThanOrEqual(9);
    expect(count).toBeLessThanOrEqual(16);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
    expect(doc.getTitle()).toBe(input.title);
    expect(doc.getAuthor()).toBe("Akkoord");
    expect(doc.getCreationDate()?.toISOString()).toBe(input.generatedAt.toISOString());
    expect(doc.getModificationDate()?.toISOString()).toBe(input.generatedAt.toISOString());
    expect(doc.catalog.lookup(PDFName.of("Lang"), PDFString).decodeText()).toBe("nl-BE");
    expect(await extractVersionHash(pdf)).toBe(SAMPLE_VERSION_HASH);
    console.log(`[pdf] ${count} pages, ${pdf.byteLength} bytes`);
    expect(pdf.byteLength).toBeLessThan(150_000);
  });

  it("embeds subsetted DejaVu Sans (regular and bold)", () => {
    const { stdout } = runPoppler("pdffonts", [writeTempPdf(dir, "fonts.pdf", pdf)]);
    expect(stdout).toMatch(/\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(stdout).toMatch(/\+DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it("is deterministic for the same input, also when rendering concurrently", async () => {
    const again = await renderAgreementPdf(buildSampleInput());
    expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);

    const conceptInput = buildSampleInput({ watermark: "CONCEPT", signatures: [] });
    const concept = await renderAgreementPdf(conceptInput);
    const [c1, p1, c2] = await Promise.all([
      renderAgreementPdf(conceptInput),
      renderAgreementPdf(buildSampleInput()),
      renderAgreementPdf(conceptInput),
    ]);
    expect(Buffer.from(c1).equals(Buffer.from(concept))).toBe(true);
    expect(Buffer.from(c2).equals(Buffer.from(concept))).toBe(true);
    expect(Buffer.from(p1).equals(Buffer.from(pdf))).toBe(true);
  });

  it("contains every clause text exactly, including the clause that wraps over pages", () => {
    let clauses = 0;
    for (const section of input.sections) {
      expect(body).toContain(normaliseWhitespace(section.title));
      for (const clause of section.clauses) {
        expect(body).toContain(normaliseWhitespace(clause.title));
        expect(body).toContain(expectedRenderedText(clause.text));
        clauses++;
      }
    }
    // Provenance is not printed under the clause headings (only in the audit annex, see below).
    expect(body).not.toContain("Herkomst:");
    expect(clauses).toBeGreaterThanOrEqual(40);
    // The long clause really spans more than one page.
    const firstPage = pages.findIndex((p) => p.includes("Alinea 1:"));
    const lastPage = pages.findIndex((p) => p.includes("Alinea 7:"));
    expect(firstPage).toBeGreaterThan(0);
    expect(lastPage).toBeGreaterThan(firstPage);
  });

  it("renders Dutch characters", () => {
    for (const text of [
      "é",
      "ë",
      "ï",
      "‘",
      "’",
      "“",
      "”",
      "–",
      "€",
      "Anaïs Verbeke",
      "Joëlle De Smet",
      "coördinatie",
      "€ 250",
      "Zorgcoördinator",
    ]) {
      expect(body).toContain(text);
    }
    expect(body).not.toContain("\uFFFD");
  });

  it("numbers the pages in the footer as 'pagina x van y' with the short title", async () => {
    const total = (await PDFDocument.load(pdf)).getPageCount();
    expect(pages).toHaveLength(total);
    expect(pages[0]).toContain(`pagina 1 van ${total}`);
    pages.forEach((page, i) => {
      expect(page).toContain(`pagina ${i + 1} van ${total}`);
      expect(page).toContain(FOOTER_TITLE);
    });
  });

  it("shows a cover with the parties, school year, reference, version and a short fingerprint; the full hash in the annex", () => {
    const cover = normaliseWhitespace(pages[0] ?? "");
    expect(cover).toContain("Samenwerkingsovereenkomst");
    expect(cover).toContain(normaliseWhitespace(input.title));
    expect(cover).toContain("Schooljaar 2026-2027");
    expect(cover).toContain("Partijen");
    expect(cover).toContain("Basisschool De Regenboog");
    expect(cover).toContain("Kerkstraat 12 9000 Gent");
    expect(cover).toContain("Instellingsnummer: 012345");
    expect(cover).toContain("Stad Gent – Dienst Onderwijs");
    expect(cover).toContain("Referentie SO-2026-0042");
    expect(cover).toContain("Versie 3");
    expect(cover).toContain("Vingerafdruk 3f7a 9c0e 5b1d 2468");
    // No database id and no 64-digit hash on the cover.
    expect(cover).not.toContain(input.agreementId);
    expect(cover).not.toMatch(/\bc[a-z0-9]{20,}\b/);
    expect(cover).not.toContain(SAMPLE_VERSION_HASH);
    expect(cover).not.toContain("Dossiernummer");
    // The audit annex has the full hash and where each clause came from.
    const last = normaliseWhitespace(pages[pages.length - 1] ?? "");
    expect(last).toContain(SAMPLE_VERSION_HASH);
    const annex = normaliseWhitespace(pages.slice(pages.findIndex((p) => p.includes("Audittrail"))).join("\n"));
    expect(annex).toContain("Versie 3 vastgelegd");
    expect(annex).toContain("01/09/2026 om 09:00");
    expect(annex).toContain("Herkomst van de bepalingen");
    expect(annex).toContain("1.1 Afspraak over voorwerp en looptijd (1) sjabloon clb-bereikbaarheid v2, aangepast");
    expect(annex).toContain("eigen tekst van de school");
  });

  it("puts the reference in every footer", () => {
    for (const page of pages) expect(page).toContain(FOOTER_TEXT);
  });

  it("shows the heading of a stored title without the parties' '×' and lists the parties below it", async () => {
    const stored = buildSampleInput({ title: "Afsprakennota 2026-2027 — Basisschool De Regenboog × Vrij CLB Gent", shortTitle: null });
    const bytes = await renderAgreementPdf(stored);
    const [cover = ""] = pdftotextPages(writeTempPdf(dir, "stored-title.pdf", bytes));
    expect(cover).not.toContain("×");
    expect(normaliseWhitespace(cover)).toContain("Afsprakennota 2026-2027 Schooljaar 2026-2027 Partijen");
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe("Afsprakennota 2026-2027 – Basisschool De Regenboog, Vrij CLB Gent en Stad Gent – Dienst Onderwijs");
  });

  it("lists all commitments in a table whose header repeats on every table page", () => {
    for (const commitment of input.commitments) {
      expect(body).toContain(normaliseWhitespace(commitment.what));
    }
    const tablePages = pages.filter((p) => /Engagement \d+:/.test(p));
    expect(tablePages.length).toBeGreaterThanOrEqual(2);
    for (const page of tablePages) {
      expect(normaliseWhitespace(page)).toContain("Wie Wat Tegen wanneer RASCI");
    }
    expect(body).toContain("School: R · CLB: A · Brugfiguren: S");
  });

  it("shows the signatures with Brussels date and time and the drawn signature image", () => {
    expect(body).toContain("Ondertekening");
    expect(body).toContain("Anaïs Verbeke Directeur Basisschool De Regenboog Ondertekend op 22/11/2026 om 14:05");
    expect(body).toContain("Ondertekend op 23/11/2026 om 09:30");
    expect(body).toContain("Ondertekend op 01/07/2026 om 12:15"); // summer time
    expect(body).not.toContain("Nog niet ondertekend");
    const { stdout } = runPoppler("pdfimages", ["-list", writeTempPdf(dir, "images.pdf", pdf)]);
    const images = stdout
      .split("\n")
      .slice(2)
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols[2] === "image");
    expect(images).toHaveLength(1);
    expect(images[0]?.slice(3, 5)).toEqual(["240", "80"]);
  });

  it("never draws text outside the content area (page breaks between lines)", async () => {
    const items = await pdfjsPages(pdf);
    for (const page of items) {
      for (const item of page) {
        if (item.str.trim() === "") continue;
        const isFooter = Math.abs(item.y - 40) < 0.5;
        if (isFooter) continue;
        expect(item.y).toBeGreaterThan(60);
        expect(item.y).toBeLessThan(841.89 - 50);
        expect(item.x).toBeGreaterThanOrEqual(56);
      }
    }
  });

  it("says 'Nog niet ondertekend' when there are no signatures", async () => {
    const unsigned = await renderAgreementPdf(buildSampleInput({ signatures: [] }));
    const text = normaliseWhitespace(pdftotextPages(writeTempPdf(dir, "unsigned.pdf", unsigned)).join("\n"));
    expect(text).toContain("Ondertekening Nog niet ondertekend");
  });

  it("draws a diagonal CONCEPT watermark on every page when requested", async () => {
    const concept = await renderAgreementPdf(buildSampleInput({ watermark: "CONCEPT", signatures: [] }));
    const withMark = await pdfjsPages(concept);
    expect(withMark.length).toBeGreaterThan(5);
    for (const page of withMark) {
      const marks = page.filter((item) => item.str === "CONCEPT");
      expect(marks).toHaveLength(1);
      expect(marks[0]?.rotated).toBe(true);
    }
    const without = await pdfjsPages(pdf);
    expect(without.flat().some((item) => item.str.includes("CONCEPT"))).toBe(false);
  });

  it("copes with awkward input: empty lists, very long words, odd characters", async () => {
    const odd = await renderAgreementPdf(
      buildSampleInput({
        title: "Overeenkomst\tmet\r\nrare tekens \u0007 en een heel-lang-woord-".repeat(3) + "x".repeat(300),
        schoolYear: null,
        periodLabel: "1 september 2026 – 31 augustus 2027",
        parties: [],
        sections: [
          {
            title: "Enige sectie",
            clauses: [
              {
                title: "Lang woord",
                text: "a".repeat(500) + "\n\n\n- \n-  opsomming\nNiet in het lettertype: 👍 中文 ✓",
              },
            ],
          },
        ],
        commitments: [{ bearer: "", what: "w".repeat(400), dueLabel: "", rasci: "" }],
        auditEvents: [],
        signatures: [
          {
            name: "Ïngrid",
            function: "Directeur",
            organisation: "School",
            signedAt: new Date("invalid"),
            drawnSignaturePng: new Uint8Array([1, 2, 3]),
          },
        ],
        numbering: false,
      })
    );
    const text = normaliseWhitespace(pdftotextPages(writeTempPdf(dir, "odd.pdf", odd)).join("\n"));
    expect(text).toContain("1 september 2026 – 31 augustus 2027");
    expect(text).toContain("Er zijn nog geen partijen opgegeven.");
    expect(text).toContain("Handtekening kon niet worden weergegeven");
    expect(text).toContain("onbekend tijdstip");
    expect(text).toContain("Er zijn geen gebeurtenissen geregistreerd.");
    expect(text.replace(/ /g, "")).toContain("a".repeat(500));
    expect(text).toContain("• opsomming");
    expect(text).toContain("Niet in het lettertype:");
  });
});

describe("a PDF from a demo installation", () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("says on every page and in the audit annex that it comes from a demo, also once sealed", async () => {
    const input = buildSampleInput({ demo: true });
    const cert = await loadOrCreateSealCertificate({ devDir: path.join(dir, "certs"), now: input.generatedAt });
    const sealed = await sealPdf(await renderAgreementPdf(input), cert, { signingTime: input.generatedAt });
    const pages = pdftotextPages(writeTempPdf(dir, "demo.pdf", sealed));
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(page).toContain(DEMO_PDF_FOOTER);
    const audit = normaliseWhitespace(pages.find((page) => page.includes("Audittrail")) ?? "");
    expect(audit).toContain(normaliseWhitespace(DEMO_PDF_AUDIT_NOTICE));
  });

  it("says nothing of the kind in a real installation", async () => {
    const pages = pdftotextPages(writeTempPdf(dir, "echt.pdf", await renderAgreementPdf(buildSampleInput({ demo: false }))));
    expect(pages.join("\n")).not.toContain("Demo-omgeving");
  });
});
