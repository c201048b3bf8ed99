// Renders an agreement version as an (unsealed) A4 PDF with pdf-lib.
//
// Layout: title page, sections with clauses, commitments table, signature page,
// audit page; footer "pagina x van y" + short title on every page, optional
// diagonal "CONCEPT" watermark. Output is deterministic for equal input
// (creation date = generatedAt, fixed font subset names, no random IDs).

import {
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  beginText,
  endText,
  rgb,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  type RGB,
} from "pdf-lib";
import {
  AGREEMENT_ID_INFO_KEY,
  VERSION_HASH_INFO_KEY,
  VERSION_HASH_KEYWORD_PREFIX,
  VERSION_NUMBER_INFO_KEY,
} from "./constants";
import { cachingFontkit, enableFastTextEncoding, loadDejaVuFontBytes } from "./fonts.server";
import { formatBrusselsDateTime } from "./format";
import { compressPageContents, useNativeDeflate } from "./native-deflate.server";
import type {
  AgreementPdfAuditEvent,
  AgreementPdfClause,
  AgreementPdfCommitment,
  AgreementPdfInput,
  AgreementPdfParty,
  AgreementPdfSignature,
} from "./types";

// ---------------------------------------------------------------------------
// Page geometry (points) and styling

const PAGE_WIDTH = 595.28; // A4
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 56.7; // 2 cm
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const TOP_Y = PAGE_HEIGHT - 62;
const BOTTOM_Y = 72; // content never goes below this line
const FOOTER_RULE_Y = 54;
const FOOTER_BASELINE_Y = 40;

// DejaVu Sans vertical metrics (em units) for placing baselines in a line box.
const ASCENT = 0.928;
const DESCENT = 0.236;

const COLOR_TEXT = rgb(0.11, 0.12, 0.14);
const COLOR_MUTED = rgb(0.38, 0.4, 0.44);
const COLOR_ACCENT = rgb(0.07, 0.25, 0.43);
const COLOR_RULE = rgb(0.78, 0.8, 0.83);
const COLOR_HEADER_FILL = rgb(0.9, 0.93, 0.96);
const COLOR_ZEBRA_FILL = rgb(0.97, 0.975, 0.98);
const COLOR_WATERMARK = rgb(0.86, 0.86, 0.86);

const BODY_SIZE = 10;
const BODY_LEADING = 14;
const BULLET_INDENT = 16;

// ---------------------------------------------------------------------------
// Fonts and measuring

type FontVariant = "regular" | "bold";

interface FontRef {
  pdf: PDFFont;
  /** Advance widths in 1/1000 em per character, shared by all documents. */
  widths: Map<string, number>;
}

const sharedWidthCaches: Record<FontVariant, Map<string, number>> = {
  regular: new Map(),
  bold: new Map(),
};

/**
 * Width of `text` at `size`. Text is drawn as one glyph per character with
 * its advance width (no kerning, no ligatures; see fonts.server.ts), so summing
 * cached per-character advances gives exactly the drawn width.
 */
function measure(font: FontRef, text: string, size: number): number {
  let total = 0;
  for (const ch of text) {
    let w = font.widths.get(ch);
    if (w === undefined) {
      w = font.pdf.widthOfTextAtSize(ch, 1000);
      font.widths.set(ch, w);
    }
    total += w;
  }
  return (total * size) / 1000;
}

/** Normalises line endings, tabs and control characters. */
function cleanText(text: string | null | undefined): string {
  if (!text) return "";
  return text
    .normalize("NFC")
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(/\t/g, "    ")
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F\u200B\uFEFF]/g, "");
}

/** Single line of text: newlines become spaces, runs of spaces collapse. */
function oneLine(text: string | null | undefined): string {
  return cleanText(text).replace(/\s+/g, " ").trim();
}

/** Greedy word wrap of one paragraph (no newlines) into lines of at most maxWidth. */
function wrapParagraph(text: string, font: FontRef, size: number, maxWidth: number): string[] {
  const words = text.split(/[ \n]+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  const spaceWidth = measure(font, " ", size);
  let line = "";
  let lineWidth = 0;

  const startLineWith = (word: string, wordWidth: number) => {
    if (wordWidth <= maxWidth) {
      line = word;
      lineWidth = wordWidth;
      return;
    }
    // A single word wider than the line: break it between characters.
    let piece = "";
    let pieceWidth = 0;
    for (const ch of word) {
      const chWidth = measure(font, ch, size);
      if (piece !== "" && pieceWidth + chWidth > maxWidth) {
        lines.push(piece);
        piece = "";
        pieceWidth = 0;
      }
      piece += ch;
      pieceWidth += chWidth;
    }
    line = piece;
    lineWidth = pieceWidth;
  };

  for (const word of words) {
    const wordWidth = measure(font, word, size);
    if (line === "") {
      startLineWith(word, wordWidth);
    } else if (lineWidth + spaceWidth + wordWidth <= maxWidth) {
      line += ` ${word}`;
      lineWidth += spaceWidth + wordWidth;
    } else {
      lines.push(line);
      startLineWith(word, wordWidth);
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Wraps text that may contain newlines; every newline starts a new line. */
function wrapText(text: string, font: FontRef, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of cleanText(text).split("\n")) {
    const wrapped = wrapParagraph(paragraph, font, size, maxWidth);
    lines.push(...wrapped);
  }
  return lines.length > 0 ? lines : [""];
}

/** Cuts text to fit maxWidth, ending in "…" when shortened. */
function truncateToWidth(text: string, font: FontRef, size: number, maxWidth: number): string {
  if (measure(font, text, size) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && measure(font, `${chars.join("").trimEnd()}…`, size) > maxWidth) {
    chars.pop();
  }
  return `${chars.join("").trimEnd()}…`;
}

// ---------------------------------------------------------------------------
// Text drawing
//
// page.drawText registers the font in the page's resources again on every call
// (a new /Font entry per line) and wraps each line in extra graphics-state
// operators. We register each font once per page and emit a minimal
// BT … Tj ET sequence instead.

const pageFontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

function fontKeyFor(page: PDFPage, font: PDFFont): PDFName {
  let keys = pageFontKeys.get(page);
  if (!keys) {
    keys = new Map();
    pageFontKeys.set(page, keys);
  }
  let key = keys.get(font);
  if (!key) {
    key = page.node.newFontDictionary(font.name, font.ref);
    keys.set(font, key);
  }
  return key;
}

interface DrawStringOptions {
  x: number;
  y: number;
  size: number;
  font: FontRef;
  color: RGB;
  /** Counter-clockwise rotation in radians around (x, y). */
  rotate?: number;
}

function drawString(page: PDFPage, text: string, o: DrawStringOptions): void {
  if (text === "") return;
  const cos = o.rotate ? Math.cos(o.rotate) : 1;
  const sin = o.rotate ? Math.sin(o.rotate) : 0;
  page.pushOperators(
    beginText(),
    setFillingColor(o.color),
    setFontAndSize(fontKeyFor(page, o.font.pdf), o.size),
    setTextMatrix(cos, sin, -sin, cos, o.x, o.y),
    showText(o.font.pdf.encodeText(text)),
    endText()
  );
}

// ---------------------------------------------------------------------------
// Page flow

interface TextStyle {
  font: FontRef;
  size: number;
  leading: number;
  color: RGB;
}

/** Baseline of a line whose box starts at `top`. */
function baselineFor(top: number, style: { size: number; leading: number }): number {
  const glyphHeight = (ASCENT + DESCENT) * style.size;
  return top - (style.leading - glyphHeight) / 2 - ASCENT * style.size;
}

class PageFlow {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  /** Top of the next line box. */
  y = TOP_Y;

  constructor(private readonly doc: PDFDocument, private readonly onNewPage: (page: PDFPage) => void) {}

  newPage(): void {
    const page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(page);
    this.page = page;
    this.y = TOP_Y;
    this.onNewPage(page);
  }

  get atTop(): boolean {
    return this.y >= TOP_Y;
  }

  fits(height: number): boolean {
    return this.y - height >= BOTTOM_Y - 0.001;
  }

  /** Starts a new page unless `height` still fits (or we are already at the top). */
  ensure(height: number): void {
    if (!this.fits(height) && !this.atTop) this.newPage();
  }

  /** Vertical space, dropped at the top of a page. */
  space(height: number): void {
    if (!this.atTop) this.y -= height;
  }

  /** Draws one line at the current position (no page-break check). */
  line(text: string, style: TextStyle, x = MARGIN_X): void {
    if (text !== "") {
      drawString(this.page, text, {
        x,
        y: baselineFor(this.y, style),
        size: style.size,
        font: style.font,
        color: style.color,
      });
    }
    this.y -= style.leading;
  }

  /** Draws lines, breaking pages between lines (never through one). */
  lines(lines: string[], style: TextStyle, x = MARGIN_X): void {
    for (const text of lines) {
      this.ensure(style.leading);
      this.line(text, style, x);
    }
  }

  rule(color: RGB = COLOR_RULE, thickness = 0.6, x1 = MARGIN_X, x2 = MARGIN_X + CONTENT_WIDTH): void {
    this.page.drawLine({
      start: { x: x1, y: this.y },
      end: { x: x2, y: this.y },
      thickness,
      color,
    });
  }
}

// ---------------------------------------------------------------------------
// Rendering

interface RenderContext {
  doc: PDFDocument;
  flow: PageFlow;
  regular: FontRef;
  bold: FontRef;
  input: AgreementPdfInput;
  numbering: boolean;
}

export async function renderAgreementPdf(input: AgreementPdfInput): Promise<Uint8Array> {
  const fontBytes = await loadDejaVuFontBytes();
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);
  useNativeDeflate(doc);
  // Ligatures off: keeps text extraction literal ("fi" stays two letters) and
  // makes per-character width measuring exact.
  const features = { liga: false, clig: false, dlig: false };
  const regularPdf = await doc.embedFont(fontBytes.regular, {
    subset: true,
    customName: "AKKDJR+DejaVuSans",
    features,
  });
  const boldPdf = await doc.embedFont(fontBytes.bold, {
    subset: true,
    customName: "AKKDJB+DejaVuSans-Bold",
    features,
  });
  enableFastTextEncoding(regularPdf);
  enableFastTextEncoding(boldPdf);
  const regular: FontRef = { pdf: regularPdf, widths: sharedWidthCaches.regular };
  const bold: FontRef = { pdf: boldPdf, widths: sharedWidthCaches.bold };

  const watermark = input.watermark === "CONCEPT" ? "CONCEPT" : null;
  const flow = new PageFlow(doc, (page) => {
    if (watermark) drawWatermark(page, watermark, bold);
  });
  const ctx: RenderContext = {
    doc,
    flow,
    regular,
    bold,
    input,
    numbering: input.numbering ?? true,
  };

  renderTitlePage(ctx);
  renderSections(ctx);
  renderCommitments(ctx);
  await renderSignatures(ctx);
  renderAudit(ctx);
  renderFooters(ctx);
  setMetadata(ctx);
  compressPageContents(doc, flow.pages);

  return doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY });
}

function style(font: FontRef, size: number, leading: number, color: RGB = COLOR_TEXT): TextStyle {
  return { font, size, leading, color };
}

function periodText(input: AgreementPdfInput): string {
  const schoolYear = oneLine(input.schoolYear);
  if (schoolYear) return `Schooljaar ${schoolYear}`;
  return oneLine(input.periodLabel);
}

function drawWatermark(page: PDFPage, text: string, font: FontRef): void {
  const angle = Math.atan2(PAGE_HEIGHT, PAGE_WIDTH);
  const diagonal = Math.hypot(PAGE_WIDTH, PAGE_HEIGHT);
  const size = (diagonal * 0.55) / measure(font, text, 1);
  const width = measure(font, text, size);
  const capHeight = size * 0.73;
  const cx = PAGE_WIDTH / 2;
  const cy = PAGE_HEIGHT / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  drawString(page, text, {
    x: cx - (width / 2) * cos + (capHeight / 2) * sin,
    y: cy - (width / 2) * sin - (capHeight / 2) * cos,
    size,
    font,
    color: COLOR_WATERMARK,
    rotate: angle,
  });
}

/** Heading that stays on the same page as at least `keepWith` points of what follows. */
function heading(
  ctx: RenderContext,
  text: string,
  headingStyle: TextStyle,
  spaceBefore: number,
  keepWith: number
): void {
  const { flow } = ctx;
  const lines = wrapText(oneLine(text), headingStyle.font, headingStyle.size, CONTENT_WIDTH);
  flow.space(spaceBefore);
  flow.ensure(lines.length * headingStyle.leading + keepWith);
  flow.lines(lines, headingStyle);
}

function renderTitlePage(ctx: RenderContext): void {
  const { flow, regular, bold, input } = ctx;
  flow.newPage();
  flow.y = TOP_Y - 40;

  flow.lines(
    wrapText(oneLine(input.documentTypeLabel), regular, 13, CONTENT_WIDTH),
    style(regular, 13, 18, COLOR_MUTED)
  );
  flow.y -= 6;
  flow.lines(wrapText(oneLine(input.title), bold, 22, CONTENT_WIDTH), style(bold, 22, 28, COLOR_ACCENT));
  const period = periodText(input);
  if (period) {
    flow.y -= 4;
    flow.lines(wrapText(period, regular, 13, CONTENT_WIDTH), style(regular, 13, 18));
  }
  flow.y -= 12;
  flow.rule(COLOR_ACCENT, 1.2);
  flow.y -= 26;

  heading(ctx, "Partijen", style(bold, 13, 18, COLOR_ACCENT), 0, 40);
  flow.y -= 4;
  if (input.parties.length === 0) {
    flow.lines(["Er zijn nog geen partijen opgegeven."], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));
  }
  for (const party of input.parties) renderParty(ctx, party);

  // Version block.
  const hash = oneLine(input.versionHash);
  const hashSize = Math.min(9, (CONTENT_WIDTH - 1) / Math.max(measure(regular, hash, 1), 1));
  flow.space(18);
  flow.ensure(5 * 14 + 10);
  flow.rule();
  flow.y -= 10;
  flow.line(`Versie ${input.versionNumber}`, style(bold, 11, 16));
  flow.line("Vingerafdruk van deze versie (SHA-256):", style(regular, 9, 13, COLOR_MUTED));
  flow.line(hash, style(regular, hashSize, 13));
  flow.line(`Dossiernummer: ${oneLine(input.agreementId)}`, style(regular, 9, 13, COLOR_MUTED));
  flow.line(`Document opgemaakt op ${formatBrusselsDateTime(input.generatedAt)}`, style(regular, 9, 13, COLOR_MUTED));
}

function renderParty(ctx: RenderContext, party: AgreementPdfParty): void {
  const { flow, regular, bold } = ctx;
  const roleStyle = style(regular, 9, 13, COLOR_MUTED);
  const nameStyle = style(bold, 11.5, 16);
  const detailStyle = style(regular, BODY_SIZE, BODY_LEADING);

  const roleLines = wrapText(oneLine(party.roleLabel), regular, 9, CONTENT_WIDTH);
  const nameLines = wrapText(oneLine(party.name), bold, 11.5, CONTENT_WIDTH);
  const detailLines: string[] = [];
  const address = cleanText(party.address).trim();
  if (address) detailLines.push(...wrapText(address, regular, BODY_SIZE, CONTENT_WIDTH));
  const number = oneLine(party.instellingsnummer);
  if (number) detailLines.push(...wrapText(`Instellingsnummer: ${number}`, regular, BODY_SIZE, CONTENT_WIDTH));

  flow.ensure(roleLines.length * 13 + nameLines.length * 16 + detailLines.length * BODY_LEADING);
  flow.lines(roleLines, roleStyle);
  flow.lines(nameLines, nameStyle);
  flow.lines(detailLines, detailStyle);
  flow.y -= 12;
}

interface BodyLine {
  text: string;
  bullet: boolean; // first line of a bullet item: draw "•"
  indent: number;
  gapBefore: number;
}

const BULLET_PATTERN = /^\s*[-•]\s+/;

/** Splits clause text into drawable lines: paragraphs, blank-line gaps, bullets. */
function layoutBody(text: string, font: FontRef): BodyLine[] {
  const result: BodyLine[] = [];
  let gap = 0;
  for (const raw of cleanText(text).split("\n")) {
    if (raw.trim() === "") {
      if (result.length > 0) gap = BODY_LEADING * 0.5;
      continue;
    }
    const bullet = BULLET_PATTERN.test(raw);
    const content = bullet ? raw.replace(BULLET_PATTERN, "") : raw;
    const indent = bullet ? BULLET_INDENT : 0;
    const wrapped = wrapParagraph(content, font, BODY_SIZE, CONTENT_WIDTH - indent);
    wrapped.forEach((line, i) => {
      result.push({ text: line, bullet: bullet && i === 0, indent, gapBefore: i === 0 ? gap : 0 });
    });
    gap = 0;
  }
  return result;
}

function renderClause(ctx: RenderContext, clause: AgreementPdfClause, number: string): void {
  const { flow, regular, bold } = ctx;
  const titleStyle = style(bold, 11, 15);
  const provenanceStyle = style(regular, 8, 11, COLOR_MUTED);
  const bodyStyle = style(regular, BODY_SIZE, BODY_LEADING);

  const titleText = number ? `${number} ${oneLine(clause.title)}` : oneLine(clause.title);
  const titleLines = wrapText(titleText, bold, 11, CONTENT_WIDTH);
  const provenance = oneLine(clause.provenance);
  const provenanceLines = provenance ? wrapText(`Herkomst: ${provenance}`, regular, 8, CONTENT_WIDTH) : [];
  const body = layoutBody(clause.text, regular);

  // Keep the clause heading together with its first two body lines.
  flow.space(10);
  const keep =
    titleLines.length * titleStyle.leading +
    provenanceLines.length * provenanceStyle.leading +
    2 +
    Math.min(2, body.length) * BODY_LEADING;
  flow.ensure(keep);
  flow.lines(titleLines, titleStyle);
  flow.lines(provenanceLines, provenanceStyle);
  flow.y -= 2;

  for (const line of body) {
    flow.ensure(line.gapBefore + BODY_LEADING);
    flow.space(line.gapBefore);
    if (line.bullet) {
      drawString(flow.page, "•", {
        x: MARGIN_X + 4,
        y: baselineFor(flow.y, bodyStyle),
        size: BODY_SIZE,
        font: regular,
        color: COLOR_TEXT,
      });
    }
    flow.line(line.text, bodyStyle, MARGIN_X + line.indent);
  }
}

function renderSections(ctx: RenderContext): void {
  const { flow, input, bold, regular } = ctx;
  flow.newPage();
  const sectionStyle = style(bold, 14, 19, COLOR_ACCENT);
  if (input.sections.length === 0) {
    flow.lines(["Er zijn nog geen bepalingen opgenomen."], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));
    return;
  }
  input.sections.forEach((section, s) => {
    const sectionNumber = ctx.numbering ? `${s + 1}.` : "";
    const title = sectionNumber ? `${sectionNumber} ${oneLine(section.title)}` : oneLine(section.title);
    // Keep the section heading with the first clause heading and two lines.
    heading(ctx, title, sectionStyle, 22, 10 + 15 + 2 * BODY_LEADING);
    flow.y -= 2;
    flow.rule(COLOR_RULE, 0.8);
    flow.y -= 2;
    section.clauses.forEach((clause, c) => {
      renderClause(ctx, clause, ctx.numbering ? `${s + 1}.${c + 1}` : "");
    });
  });
}

// ---------------------------------------------------------------------------
// Tables

interface TableColumn {
  header: string;
  width: number;
}

const CELL_PAD_X = 4;
const CELL_PAD_Y = 4;

function renderTable(ctx: RenderContext, columns: TableColumn[], rows: string[][]): void {
  const { flow, regular, bold } = ctx;
  const cellStyle = style(regular, 9, 12);
  const headerStyle = style(bold, 9, 12);
  const wrapCell = (text: string, font: FontRef, width: number) =>
    wrapText(oneLine(text), font, 9, width - 2 * CELL_PAD_X);

  const headerCells = columns.map((col) => wrapCell(col.header, bold, col.width));
  const headerHeight = Math.max(...headerCells.map((l) => l.length)) * headerStyle.leading + 2 * CELL_PAD_Y;

  const drawCells = (cells: string[][], from: number, count: number, cellStyleToUse: TextStyle, fill: RGB | null) => {
    const height = count * cellStyleToUse.leading + 2 * CELL_PAD_Y;
    const top = flow.y;
    if (fill) {
      flow.page.drawRectangle({ x: MARGIN_X, y: top - height, width: CONTENT_WIDTH, height, color: fill });
    }
    let x = MARGIN_X;
    cells.forEach((lines, i) => {
      let lineTop = top - CELL_PAD_Y;
      for (const text of lines.slice(from, from + count)) {
        if (text !== "") {
          drawString(flow.page, text, {
            x: x + CELL_PAD_X,
            y: baselineFor(lineTop, cellStyleToUse),
            size: cellStyleToUse.size,
            font: cellStyleToUse.font,
            color: cellStyleToUse.color,
          });
        }
        lineTop -= cellStyleToUse.leading;
      }
      x += columns[i]?.width ?? 0;
    });
    flow.y = top - height;
    flow.rule(COLOR_RULE, 0.5);
  };

  const drawHeader = () => {
    const count = Math.max(...headerCells.map((l) => l.length));
    drawCells(headerCells, 0, count, headerStyle, COLOR_HEADER_FILL);
  };

  const firstRowHeight = rows[0]
    ? Math.min(2, Math.max(...rows[0].map((t, i) => wrapCell(t, regular, columns[i]?.width ?? 0).length))) *
        cellStyle.leading +
      2 * CELL_PAD_Y
    : 0;
  flow.ensure(headerHeight + firstRowHeight);
  drawHeader();

  rows.forEach((row, r) => {
    const cells = columns.map((col, i) => wrapCell(row[i] ?? "", regular, col.width));
    const total = Math.max(1, ...cells.map((l) => l.length));
    const fill = r % 2 === 1 ? COLOR_ZEBRA_FILL : null;
    let done = 0;
    while (done < total) {
      const remaining = total - done;
      const available = Math.floor((flow.y - BOTTOM_Y - 2 * CELL_PAD_Y + 0.001) / cellStyle.leading);
      if (available >= remaining) {
        drawCells(cells, done, remaining, cellStyle, fill);
        done = total;
        continue;
      }
      // The row does not fit: move it to the next page, unless it is taller
      // than a whole page; then split it between lines.
      const fullPage = Math.floor((TOP_Y - BOTTOM_Y - headerHeight - 2 * CELL_PAD_Y) / cellStyle.leading);
      if (remaining <= fullPage || available < 1) {
        flow.newPage();
        drawHeader();
        if (remaining <= fullPage) continue;
      }
      const count = Math.max(
        1,
        Math.min(remaining, Math.floor((flow.y - BOTTOM_Y - 2 * CELL_PAD_Y) / cellStyle.leading))
      );
      drawCells(cells, done, count, cellStyle, fill);
      done += count;
      if (done < total) {
        flow.newPage();
        drawHeader();
      }
    }
  });
}

function renderCommitments(ctx: RenderContext): void {
  const { flow, input, bold, regular } = ctx;
  flow.newPage();
  heading(ctx, "Afspraken", style(bold, 14, 19, COLOR_ACCENT), 0, 60);
  flow.y -= 6;
  if (input.commitments.length === 0) {
    flow.lines(["Er zijn geen afspraken opgenomen."], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));
    return;
  }
  const columns: TableColumn[] = [
    { header: "Wie", width: 100 },
    { header: "Wat", width: 0 },
    { header: "Tegen wanneer", width: 82 },
    { header: "RASCI", width: 118 },
  ];
  const middle = columns[1];
  if (middle) middle.width = CONTENT_WIDTH - columns.reduce((sum, col) => sum + col.width, 0);
  const rows = input.commitments.map((c: AgreementPdfCommitment) => [c.bearer, c.what, c.dueLabel, c.rasci]);
  renderTable(ctx, columns, rows);
  flow.y -= 8;
  flow.lines(
    wrapText(
      "RASCI: R = verantwoordelijk (Responsible), A = eindverantwoordelijk (Accountable), S = ondersteunend (Supportive), C = geraadpleegd (Consulted), I = geïnformeerd (Informed).",
      regular,
      8,
      CONTENT_WIDTH
    ),
    style(regular, 8, 11, COLOR_MUTED)
  );
}

// ---------------------------------------------------------------------------
// Signatures

const SIGNATURE_IMAGE_BOX = { width: 190, height: 64 };

async function embedSignatureImage(doc: PDFDocument, bytes: Uint8Array): Promise<PDFImage | null> {
  try {
    const isJpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    return isJpeg ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
  } catch {
    return null;
  }
}

/** Who named the signatory and, when that was another party, who of its own party confirmed it. */
function namedByLines(signature: AgreementPdfSignature): string[] {
  if (!signature.namedBy) return [];
  if (!signature.confirmedBy) return [`Voorgesteld door ${signature.namedBy}; aanvaard door te ondertekenen`];
  if (signature.confirmedBy === signature.namedBy) return [`Aangeduid door ${signature.namedBy}`];
  return [`Voorgesteld door ${signature.namedBy}`, `Bevestigd door ${signature.confirmedBy}`];
}

async function renderSignatures(ctx: RenderContext): Promise<void> {
  const { doc, flow, input, regular, bold } = ctx;
  flow.newPage();
  heading(ctx, "Ondertekening", style(bold, 14, 19, COLOR_ACCENT), 0, 60);
  flow.y -= 6;
  if (input.signatures.length === 0) {
    flow.lines(["Nog niet ondertekend"], style(regular, 11, 16, COLOR_MUTED));
    return;
  }

  const textWidth = CONTENT_WIDTH - SIGNATURE_IMAGE_BOX.width - 20;
  for (const signature of input.signatures as AgreementPdfSignature[]) {
    const nameLines = wrapText(oneLine(signature.name), bold, 11, textWidth);
    const detailLines = [
      ...wrapText(oneLine(signature.function), regular, BODY_SIZE, textWidth),
      ...wrapText(oneLine(signature.organisation), regular, BODY_SIZE, textWidth),
      ...namedByLines(signature).flatMap((line) => wrapText(oneLine(line), regular, BODY_SIZE, textWidth)),
    ];
    const dateLine = `Ondertekend op ${formatBrusselsDateTime(signature.signedAt)}`;
    const textHeight = nameLines.length * 16 + (detailLines.length + 1) * BODY_LEADING;
    const blockHeight = Math.max(textHeight, SIGNATURE_IMAGE_BOX.height + 14) + 20;

    flow.ensure(blockHeight);
    const top = flow.y;
    flow.lines(nameLines, style(bold, 11, 16));
    flow.lines(detailLines, style(regular, BODY_SIZE, BODY_LEADING));
    flow.line(dateLine, style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));

    const boxX = MARGIN_X + CONTENT_WIDTH - SIGNATURE_IMAGE_BOX.width;
    const boxBottom = top - SIGNATURE_IMAGE_BOX.height;
    const image = signature.drawnSignaturePng ? await embedSignatureImage(doc, signature.drawnSignaturePng) : null;
    if (image) {
      const scale = Math.min(SIGNATURE_IMAGE_BOX.width / image.width, SIGNATURE_IMAGE_BOX.height / image.height);
      const w = image.width * scale;
      const h = image.height * scale;
      flow.page.drawImage(image, { x: boxX + (SIGNATURE_IMAGE_BOX.width - w) / 2, y: boxBottom, width: w, height: h });
    } else {
      const note = signature.drawnSignaturePng
        ? "Handtekening kon niet worden weergegeven"
        : "Geen getekende handtekening";
      drawString(flow.page, note, {
        x: boxX,
        y: boxBottom + SIGNATURE_IMAGE_BOX.height / 2,
        size: 8,
        font: regular,
        color: COLOR_MUTED,
      });
    }
    flow.page.drawLine({
      start: { x: boxX, y: boxBottom - 3 },
      end: { x: boxX + SIGNATURE_IMAGE_BOX.width, y: boxBottom - 3 },
      thickness: 0.6,
      color: COLOR_RULE,
    });

    flow.y = Math.min(flow.y, boxBottom - 14) - 6;
    flow.rule();
    flow.y -= 14;
  }
}

// ---------------------------------------------------------------------------
// Audit page

/** Printed in the footer of every page of a demo document. */
export const DEMO_PDF_FOOTER = "Demo-omgeving – geen echt document";
/** Printed at the top of the audit annex of a demo document. */
export const DEMO_PDF_AUDIT_NOTICE =
  "Demo-omgeving: dit document komt uit een demo van Akkoord. De partijen, handtekeningen en gebeurtenissen zijn niet echt, en het zegel werd geplaatst met een ontwikkelcertificaat: het bewijst niets.";

function renderAudit(ctx: RenderContext): void {
  const { flow, input, regular, bold } = ctx;
  flow.newPage();
  heading(ctx, "Audittrail", style(bold, 14, 19, COLOR_ACCENT), 0, 60);
  flow.y -= 6;
  if (input.demo) {
    flow.lines(wrapText(DEMO_PDF_AUDIT_NOTICE, bold, BODY_SIZE, CONTENT_WIDTH), style(bold, BODY_SIZE, BODY_LEADING));
    flow.y -= 8;
  }

  const events = [...input.auditEvents].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (events.length === 0) {
    flow.lines(["Er zijn geen gebeurtenissen geregistreerd."], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));
  } else {
    const columns: TableColumn[] = [
      { header: "Tijdstip", width: 112 },
      { header: "Wie", width: 105 },
      { header: "Actie", width: 115 },
      { header: "Toelichting", width: 0 },
    ];
    const last = columns[3];
    if (last) last.width = CONTENT_WIDTH - columns.reduce((sum, col) => sum + col.width, 0);
    const rows = events.map((e: AgreementPdfAuditEvent) => [
      formatBrusselsDateTime(e.at),
      e.actor,
      e.action,
      e.detail ?? "",
    ]);
    renderTable(ctx, columns, rows);
  }

  const hash = oneLine(input.versionHash);
  const hashSize = Math.min(9, (CONTENT_WIDTH - 1) / Math.max(measure(regular, hash, 1), 1));
  flow.space(20);
  flow.ensure(13 * 4 + 4);
  flow.line(`Vingerafdruk van versie ${input.versionNumber} (SHA-256):`, style(bold, 9, 13));
  flow.line(hash, style(regular, hashSize, 13));
  flow.y -= 4;
  flow.lines(
    wrapText(
      "Deze vingerafdruk identificeert de inhoud van de versie ondubbelzinnig. Wie een afgedrukte of doorgestuurde kopie wil controleren, kan haar vergelijken met de versie in Akkoord.",
      regular,
      8,
      CONTENT_WIDTH
    ),
    style(regular, 8, 11, COLOR_MUTED)
  );
}

// ---------------------------------------------------------------------------
// Footer and metadata

function renderFooters(ctx: RenderContext): void {
  const { flow, regular, input } = ctx;
  const total = flow.pages.length;
  const size = 8;
  const title = oneLine(input.shortTitle) || oneLine(input.title);
  const short = input.demo ? `${DEMO_PDF_FOOTER} · ${title}` : title;
  flow.pages.forEach((page, i) => {
    const pageLabel = `pagina ${i + 1} van ${total}`;
    const labelWidth = measure(regular, pageLabel, size);
    const title = truncateToWidth(short, regular, size, CONTENT_WIDTH - labelWidth - 24);
    page.drawLine({
      start: { x: MARGIN_X, y: FOOTER_RULE_Y },
      end: { x: MARGIN_X + CONTENT_WIDTH, y: FOOTER_RULE_Y },
      thickness: 0.5,
      color: COLOR_RULE,
    });
    drawString(page, title, { x: MARGIN_X, y: FOOTER_BASELINE_Y, size, font: regular, color: COLOR_MUTED });
    drawString(page, pageLabel, {
      x: MARGIN_X + CONTENT_WIDTH - labelWidth,
      y: FOOTER_BASELINE_Y,
      size,
      font: regular,
      color: COLOR_MUTED,
    });
  });
}

function setMetadata(ctx: RenderContext): void {
  const { doc, input } = ctx;
  const hash = oneLine(input.versionHash).toLowerCase();
  const period = periodText(input);
  doc.setTitle(oneLine(input.title), { showInWindowTitleBar: true });
  doc.setAuthor("Akkoord");
  doc.setCreator("Akkoord");
  doc.setProducer("Akkoord (pdf-lib)");
  doc.setSubject([oneLine(input.documentTypeLabel), period].filter(Boolean).join(" – "));
  doc.setKeywords(
    [
      "Akkoord",
      oneLine(input.documentTypeLabel),
      period,
      `versie ${input.versionNumber}`,
      `${VERSION_HASH_KEYWORD_PREFIX}${hash}`,
    ].filter(Boolean)
  );
  doc.setLanguage("nl-BE");
  doc.setCreationDate(input.generatedAt);
  doc.setModificationDate(input.generatedAt);

  const infoRef = doc.context.trailerInfo.Info;
  const info = infoRef ? doc.context.lookup(infoRef, PDFDict) : undefined;
  if (info) {
    info.set(PDFName.of(VERSION_HASH_INFO_KEY), PDFString.of(hash.replace(/[^0-9a-f]/g, "")));
    info.set(PDFName.of(AGREEMENT_ID_INFO_KEY), PDFHexString.fromText(oneLine(input.agreementId)));
    info.set(PDFName.of(VERSION_NUMBER_INFO_KEY), PDFString.of(String(input.versionNumber)));
  }
}
