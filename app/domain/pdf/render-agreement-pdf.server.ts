// Renders an agreement version as an (unsealed) A4 PDF with pdf-lib.
//
// Layout: a cover (heading, the parties with their logos, school year,
// reference, version and a short fingerprint), sections with clauses,
// commitments table, signature page, audit annex (with the provenance of the
// clauses and the full fingerprint); footer "reference · short title · pagina x
// van y" on every page, optional diagonal "CONCEPT" watermark. The PDF is
// tagged (see tagging.server.ts): headings, paragraphs, tables and figures in a
// structure tree, decoration as artifacts, language nl-BE and a title.
// Output is deterministic for equal input (creation date = generatedAt, fixed
// font subset names, no random IDs).

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
  AGREEMENT_REFERENCE_INFO_KEY,
  VERSION_HASH_INFO_KEY,
  VERSION_HASH_KEYWORD_PREFIX,
  VERSION_NUMBER_INFO_KEY,
} from "./constants";
import { cachingFontkit, enableFastTextEncoding, loadDejaVuFontBytes } from "./fonts.server";
import { formatBrusselsDateTime } from "~/domain/calendar/brussels-format";
import { shortFingerprint } from "./format";
import { compressPageContents, useNativeDeflate } from "./native-deflate.server";
import { StructureTagger, type StructNode, type StructRole } from "./tagging.server";
import { onBehalfOfText } from "~/domain/organisations/party-name";
import type {
  AgreementPdfAuditEvent,
  AgreementPdfClause,
  AgreementPdfCommitment,
  AgreementPdfImage,
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
  /** Decoration (footer, watermark, a repeated table header): not part of the structure. */
  artifact?: boolean;
}

/** The structure tagger of each document being rendered (set in renderAgreementPdf). */
const taggers = new WeakMap<PDFDocument, StructureTagger>();

function taggerOf(page: PDFPage): StructureTagger {
  const tagger = taggers.get(page.doc);
  if (!tagger) throw new Error("page of a document that is not being rendered");
  return tagger;
}

/** Draws decoration (rules, fills) as an artifact. */
function decorate(page: PDFPage, draw: () => void): void {
  taggerOf(page).artifact(page, draw);
}

function drawString(page: PDFPage, text: string, o: DrawStringOptions): void {
  if (text === "") return;
  const cos = o.rotate ? Math.cos(o.rotate) : 1;
  const sin = o.rotate ? Math.sin(o.rotate) : 0;
  const draw = () =>
    page.pushOperators(
      beginText(),
      setFillingColor(o.color),
      setFontAndSize(fontKeyFor(page, o.font.pdf), o.size),
      setTextMatrix(cos, sin, -sin, cos, o.x, o.y),
      showText(o.font.pdf.encodeText(text)),
      endText()
    );
  const tagger = taggerOf(page);
  if (o.artifact) tagger.artifact(page, draw);
  else tagger.content(page, draw);
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
    const { page, y } = this;
    decorate(page, () => page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color }));
  }
}

// ---------------------------------------------------------------------------
// Rendering

interface RenderContext {
  doc: PDFDocument;
  tags: StructureTagger;
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

  const tags = new StructureTagger(doc);
  taggers.set(doc, tags);
  const watermark = input.watermark === "CONCEPT" ? "CONCEPT" : null;
  const flow = new PageFlow(doc, (page) => {
    if (watermark) drawWatermark(page, watermark, bold);
  });
  const ctx: RenderContext = {
    doc,
    tags,
    flow,
    regular,
    bold,
    input,
    numbering: input.numbering ?? true,
  };

  await renderCover(ctx);
  renderSections(ctx);
  renderCommitments(ctx);
  await renderSignatures(ctx);
  renderAudit(ctx);
  renderFooters(ctx);
  tags.finish();
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
    artifact: true,
  });
}

/** Heading (H1–H3) that stays on the same page as at least `keepWith` points of what follows. */
function heading(
  ctx: RenderContext,
  role: Extract<StructRole, "H1" | "H2" | "H3">,
  text: string,
  headingStyle: TextStyle,
  spaceBefore: number,
  keepWith: number
): void {
  const { flow } = ctx;
  const lines = wrapText(oneLine(text), headingStyle.font, headingStyle.size, CONTENT_WIDTH);
  flow.space(spaceBefore);
  flow.ensure(lines.length * headingStyle.leading + keepWith);
  ctx.tags.within(role, () => flow.lines(lines, headingStyle));
}

/** Lines that form one paragraph (P) of the structure. */
function paragraph(ctx: RenderContext, lines: string[], lineStyle: TextStyle, x = MARGIN_X): void {
  if (lines.length === 0) return;
  ctx.tags.within("P", () => ctx.flow.lines(lines, lineStyle, x));
}

const LOGO_BOX = { width: 104, height: 52 };
const LOGO_GAP = 16;

/**
 * The cover's heading: the stored title up to " — " (the parties follow on
 * the cover itself), e.g. "Afsprakennota 2026-2027"; a title without that
 * dash is kept, with "×" between names read as "–".
 */
function coverHeading(title: string): string {
  const text = oneLine(title);
  const dash = text.indexOf(" — ");
  if (dash > 0) return text.slice(0, dash).trim();
  return text.replace(/\s+×\s+/g, " – ");
}

const listFormat = new Intl.ListFormat("nl-BE", { style: "long", type: "conjunction" });

/** The document title (Info /Title, shown in a viewer's title bar): the heading and, when the title named them, the parties. */
function documentTitle(input: AgreementPdfInput): string {
  const headingText = coverHeading(input.title);
  const names = input.parties.map((p) => oneLine(p.name)).filter(Boolean);
  if (headingText === oneLine(input.title).replace(/\s+×\s+/g, " – ") || names.length === 0) return headingText;
  return `${headingText} – ${listFormat.format(names)}`;
}

async function renderCover(ctx: RenderContext): Promise<void> {
  const { doc, flow, regular, bold, input, tags } = ctx;
  // Embedded first: the layout below is synchronous (structure elements open and close around it).
  const logos = await Promise.all(input.parties.map((p) => (p.logo ? embedImage(doc, p.logo) : null)));
  flow.newPage();
  flow.y = TOP_Y - 24;

  paragraph(ctx, wrapText(oneLine(input.documentTypeLabel), regular, 12, CONTENT_WIDTH), style(regular, 12, 17, COLOR_MUTED));
  flow.y -= 6;
  heading(ctx, "H1", coverHeading(input.title), style(bold, 24, 30, COLOR_ACCENT), 0, 0);
  const period = periodText(input);
  if (period) {
    flow.y -= 4;
    paragraph(ctx, wrapText(period, regular, 13, CONTENT_WIDTH), style(regular, 13, 18));
  }
  flow.y -= 12;
  flow.rule(COLOR_ACCENT, 1.2);
  flow.y -= 26;

  heading(ctx, "H2", "Partijen", style(bold, 13, 18, COLOR_ACCENT), 0, 40);
  flow.y -= 6;
  if (input.parties.length === 0) {
    paragraph(ctx, ["Er zijn nog geen partijen opgegeven."], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));
  }
  const textX = logos.some(Boolean) ? MARGIN_X + LOGO_BOX.width + LOGO_GAP : MARGIN_X;
  input.parties.forEach((party, i) => tags.within("Sect", () => renderParty(ctx, party, logos[i] ?? null, textX)));

  renderVersionBlock(ctx);
}

function renderParty(ctx: RenderContext, party: AgreementPdfParty, logo: PDFImage | null, textX: number): void {
  const { flow, regular, bold } = ctx;
  const width = MARGIN_X + CONTENT_WIDTH - textX;
  const roleStyle = style(regular, 9, 13, COLOR_MUTED);
  const nameStyle = style(bold, 12, 17);
  const detailStyle = style(regular, BODY_SIZE, BODY_LEADING);

  const roleLines = wrapText(oneLine(party.roleLabel), regular, 9, width);
  const nameLines = wrapText(oneLine(party.name), bold, 12, width);
  const board = oneLine(party.board);
  // Boards (schoolbestuur) are not stored yet: the line appears once the caller passes one.
  const boardLines = board ? wrapText(`Ingericht door ${board}`, regular, BODY_SIZE, width) : [];
  const detailLines: string[] = [];
  const address = cleanText(party.address).trim();
  if (address) detailLines.push(...wrapText(address, regular, BODY_SIZE, width));
  const number = oneLine(party.instellingsnummer);
  if (number) detailLines.push(...wrapText(`Instellingsnummer: ${number}`, regular, BODY_SIZE, width));

  const textHeight = roleLines.length * 13 + nameLines.length * 17 + (boardLines.length + detailLines.length) * BODY_LEADING;
  flow.ensure(Math.max(textHeight, logo ? LOGO_BOX.height : 0));
  const top = flow.y;
  if (logo) drawImageInBox(ctx, logo, { x: MARGIN_X, top, ...LOGO_BOX }, `Logo van ${oneLine(party.name)}`);
  paragraph(ctx, roleLines, roleStyle, textX);
  paragraph(ctx, nameLines, nameStyle, textX);
  paragraph(ctx, boardLines, detailStyle, textX);
  paragraph(ctx, detailLines, detailStyle, textX);
  flow.y = Math.min(flow.y, top - (logo ? LOGO_BOX.height : 0)) - 14;
}

/** Reference, school year, version and short fingerprint: at the foot of the cover when there is room. */
function renderVersionBlock(ctx: RenderContext): void {
  const { flow, regular, bold, input } = ctx;
  const rows: Array<[string, string]> = [];
  const reference = oneLine(input.reference);
  if (reference) rows.push(["Referentie", reference]);
  const schoolYear = oneLine(input.schoolYear);
  if (schoolYear) rows.push(["Schooljaar", schoolYear]);
  rows.push(["Versie", String(input.versionNumber)]);
  rows.push(["Vingerafdruk", `${shortFingerprint(input.versionHash)} (volledig in de audittrail)`]);
  rows.push(["Opgemaakt op", formatBrusselsDateTime(input.generatedAt)]);

  const rowStyle = style(regular, BODY_SIZE, 16);
  const blockHeight = 12 + rows.length * rowStyle.leading;
  if (flow.fits(blockHeight + 24)) flow.y = BOTTOM_Y + blockHeight;
  else flow.ensure(blockHeight);
  flow.rule();
  flow.y -= 12;
  const valueX = MARGIN_X + 100;
  for (const [label, value] of rows) {
    ctx.tags.within("P", () => {
      const y = baselineFor(flow.y, rowStyle);
      drawString(flow.page, label, { x: MARGIN_X, y, size: BODY_SIZE, font: bold, color: COLOR_MUTED });
      const text = truncateToWidth(value, regular, BODY_SIZE, MARGIN_X + CONTENT_WIDTH - valueX);
      drawString(flow.page, text, { x: valueX, y, size: BODY_SIZE, font: regular, color: COLOR_TEXT });
    });
    flow.y -= rowStyle.leading;
  }
}

/** Draws an image scaled into a box (top-left anchored, centred vertically) as a Figure with alternative text. */
function drawImageInBox(
  ctx: RenderContext,
  image: PDFImage,
  box: { x: number; top: number; width: number; height: number },
  alt: string
): void {
  const page = ctx.flow.page;
  const scale = Math.min(box.width / image.width, box.height / image.height, 1);
  const w = image.width * scale;
  const h = image.height * scale;
  ctx.tags.within(
    "Figure",
    () => ctx.tags.content(page, () => page.drawImage(image, { x: box.x, y: box.top - (box.height + h) / 2, width: w, height: h })),
    alt
  );
}

interface BodyLine {
  text: string;
  bullet: boolean; // first line of a bullet item: draw "•"
  /** First line of a paragraph or bullet item. */
  startsParagraph: boolean;
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
      result.push({ text: line, bullet: bullet && i === 0, startsParagraph: i === 0, indent, gapBefore: i === 0 ? gap : 0 });
    });
    gap = 0;
  }
  return result;
}

function renderClause(ctx: RenderContext, clause: AgreementPdfClause, number: string): void {
  const { flow, regular, bold, tags } = ctx;
  const titleStyle = style(bold, 11, 15);
  const bodyStyle = style(regular, BODY_SIZE, BODY_LEADING);

  const titleText = number ? `${number} ${oneLine(clause.title)}` : oneLine(clause.title);
  const titleLines = wrapText(titleText, bold, 11, CONTENT_WIDTH);
  const body = layoutBody(clause.text, regular);

  // Keep the clause heading together with its first two body lines.
  flow.space(10);
  const keep = titleLines.length * titleStyle.leading + 2 + Math.min(2, body.length) * BODY_LEADING;
  flow.ensure(keep);
  tags.within("H3", () => flow.lines(titleLines, titleStyle));
  flow.y -= 2;

  // Every paragraph (and every bullet) of the text is a paragraph of the structure.
  let open: StructNode | null = null;
  for (const line of body) {
    if (line.startsParagraph || !open) {
      if (open) tags.close(open);
      open = tags.open("P");
    }
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
  if (open) tags.close(open);
}

function renderSections(ctx: RenderContext): void {
  const { flow, input, bold, regular, tags } = ctx;
  flow.newPage();
  const sectionStyle = style(bold, 14, 19, COLOR_ACCENT);
  if (input.sections.length === 0) {
    paragraph(ctx, ["Er zijn nog geen bepalingen opgenomen."], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));
    return;
  }
  input.sections.forEach((section, s) => {
    tags.within("Sect", () => {
      const sectionNumber = ctx.numbering ? `${s + 1}.` : "";
      const title = sectionNumber ? `${sectionNumber} ${oneLine(section.title)}` : oneLine(section.title);
      // Keep the section heading with the first clause heading and two lines.
      heading(ctx, "H2", title, sectionStyle, 22, 10 + 15 + 2 * BODY_LEADING);
      flow.y -= 2;
      flow.rule(COLOR_RULE, 0.8);
      flow.y -= 2;
      section.clauses.forEach((clause, c) => {
        tags.within("Sect", () => renderClause(ctx, clause, clauseNumber(ctx, s, c)));
      });
    });
  });
}

function clauseNumber(ctx: RenderContext, section: number, clause: number): string {
  return ctx.numbering ? `${section + 1}.${clause + 1}` : "";
}

// ---------------------------------------------------------------------------
// Tables

interface TableColumn {
  header: string;
  width: number;
}

const CELL_PAD_X = 4;
const CELL_PAD_Y = 4;

/** A table (Table > TR > TH/TD in the structure); a header repeated on a next page is an artifact. */
function renderTable(ctx: RenderContext, columns: TableColumn[], rows: string[][]): void {
  ctx.tags.within("Table", () => drawTable(ctx, columns, rows));
}

function drawTable(ctx: RenderContext, columns: TableColumn[], rows: string[][]): void {
  const { flow, regular, bold, tags } = ctx;
  const cellStyle = style(regular, 9, 12);
  const headerStyle = style(bold, 9, 12);
  const wrapCell = (text: string, font: FontRef, width: number) =>
    wrapText(oneLine(text), font, 9, width - 2 * CELL_PAD_X);

  const headerCells = columns.map((col) => wrapCell(col.header, bold, col.width));
  const headerHeight = Math.max(...headerCells.map((l) => l.length)) * headerStyle.leading + 2 * CELL_PAD_Y;

  /** Draws lines [from, from + count) of each cell; `nodes` are the cells' structure elements (null: an artifact). */
  const drawCells = (
    cells: string[][],
    from: number,
    count: number,
    cellStyleToUse: TextStyle,
    fill: RGB | null,
    nodes: StructNode[] | null
  ) => {
    const height = count * cellStyleToUse.leading + 2 * CELL_PAD_Y;
    const top = flow.y;
    const page = flow.page;
    if (fill) {
      decorate(page, () => page.drawRectangle({ x: MARGIN_X, y: top - height, width: CONTENT_WIDTH, height, color: fill }));
    }
    let x = MARGIN_X;
    cells.forEach((lines, i) => {
      let lineTop = top - CELL_PAD_Y;
      const cellX = x;
      const drawLines = () => {
        for (const text of lines.slice(from, from + count)) {
          if (text !== "") {
            drawString(page, text, {
              x: cellX + CELL_PAD_X,
              y: baselineFor(lineTop, cellStyleToUse),
              size: cellStyleToUse.size,
              font: cellStyleToUse.font,
              color: cellStyleToUse.color,
              artifact: nodes === null,
            });
          }
          lineTop -= cellStyleToUse.leading;
        }
      };
      const node = nodes?.[i];
      if (node) tags.inside(node, drawLines);
      else drawLines();
      x += columns[i]?.width ?? 0;
    });
    flow.y = top - height;
    flow.rule(COLOR_RULE, 0.5);
  };

  let headerDrawn = false;
  const drawHeader = () => {
    const count = Math.max(...headerCells.map((l) => l.length));
    const row = headerDrawn ? null : tags.add("TR");
    drawCells(headerCells, 0, count, headerStyle, COLOR_HEADER_FILL, row && columns.map(() => tags.add("TH", row)));
    headerDrawn = true;
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
    const rowNode = tags.add("TR");
    const cellNodes = columns.map(() => tags.add("TD", rowNode));
    const total = Math.max(1, ...cells.map((l) => l.length));
    const fill = r % 2 === 1 ? COLOR_ZEBRA_FILL : null;
    let done = 0;
    while (done < total) {
      const remaining = total - done;
      const available = Math.floor((flow.y - BOTTOM_Y - 2 * CELL_PAD_Y + 0.001) / cellStyle.leading);
      if (available >= remaining) {
        drawCells(cells, done, remaining, cellStyle, fill, cellNodes);
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
      drawCells(cells, done, count, cellStyle, fill, cellNodes);
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
  heading(ctx, "H2", "Afspraken", style(bold, 14, 19, COLOR_ACCENT), 0, 60);
  flow.y -= 6;
  if (input.commitments.length === 0) {
    paragraph(ctx, ["Er zijn geen afspraken opgenomen."], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));
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
  paragraph(
    ctx,
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

/** Embeds a PNG or JPEG (told apart by their first bytes); null when it cannot be read. */
async function embedImage(doc: PDFDocument, image: AgreementPdfImage | Uint8Array): Promise<PDFImage | null> {
  const bytes = image instanceof Uint8Array ? image : image.bytes;
  try {
    const isJpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    return isJpeg ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
  } catch {
    return null;
  }
}

/** "Namens het schoolbestuur vzw … (mandate)" under a signature. */
function onBehalfOfLine(board: string, mandate: string | null | undefined): string {
  const text = onBehalfOfText(board, mandate) ?? "";
  return text.charAt(0).toUpperCase() + text.slice(1);
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
  heading(ctx, "H2", "Ondertekening", style(bold, 14, 19, COLOR_ACCENT), 0, 60);
  flow.y -= 6;
  if (input.signatures.length === 0) {
    paragraph(ctx, ["Nog niet ondertekend"], style(regular, 11, 16, COLOR_MUTED));
    return;
  }

  const textWidth = CONTENT_WIDTH - SIGNATURE_IMAGE_BOX.width - 20;
  for (const signature of input.signatures as AgreementPdfSignature[]) {
    const nameLines = wrapText(oneLine(signature.name), bold, 11, textWidth);
    const detailLines = [
      ...wrapText(oneLine(signature.function), regular, BODY_SIZE, textWidth),
      ...wrapText(oneLine(signature.organisation), regular, BODY_SIZE, textWidth),
      ...(signature.onBehalfOf ? wrapText(oneLine(onBehalfOfLine(signature.onBehalfOf, signature.mandate)), regular, BODY_SIZE, textWidth) : []),
      ...namedByLines(signature).flatMap((line) => wrapText(oneLine(line), regular, BODY_SIZE, textWidth)),
    ];
    const dateLine = `Ondertekend op ${formatBrusselsDateTime(signature.signedAt)}`;
    const textHeight = nameLines.length * 16 + (detailLines.length + 1) * BODY_LEADING;
    const blockHeight = Math.max(textHeight, SIGNATURE_IMAGE_BOX.height + 14) + 20;

    const image = signature.drawnSignaturePng ? await embedImage(doc, signature.drawnSignaturePng) : null;
    flow.ensure(blockHeight);
    const top = flow.y;
    const section = ctx.tags.open("Sect");
    paragraph(ctx, nameLines, style(bold, 11, 16));
    paragraph(ctx, detailLines, style(regular, BODY_SIZE, BODY_LEADING));
    paragraph(ctx, [dateLine], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));

    const boxX = MARGIN_X + CONTENT_WIDTH - SIGNATURE_IMAGE_BOX.width;
    const boxBottom = top - SIGNATURE_IMAGE_BOX.height;
    if (image) {
      const scale = Math.min(SIGNATURE_IMAGE_BOX.width / image.width, SIGNATURE_IMAGE_BOX.height / image.height);
      const w = image.width * scale;
      const h = image.height * scale;
      const page = flow.page;
      ctx.tags.within(
        "Figure",
        () => ctx.tags.content(page, () => page.drawImage(image, { x: boxX + (SIGNATURE_IMAGE_BOX.width - w) / 2, y: boxBottom, width: w, height: h })),
        `Getekende handtekening van ${oneLine(signature.name)}`
      );
    } else {
      const note = signature.drawnSignaturePng
        ? "Handtekening kon niet worden weergegeven"
        : "Geen getekende handtekening";
      ctx.tags.within("P", () => drawString(flow.page, note, {
        x: boxX,
        y: boxBottom + SIGNATURE_IMAGE_BOX.height / 2,
        size: 8,
        font: regular,
        color: COLOR_MUTED,
      }));
    }
    const page = flow.page;
    decorate(page, () =>
      page.drawLine({
        start: { x: boxX, y: boxBottom - 3 },
        end: { x: boxX + SIGNATURE_IMAGE_BOX.width, y: boxBottom - 3 },
        thickness: 0.6,
        color: COLOR_RULE,
      })
    );
    ctx.tags.close(section);

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
  heading(ctx, "H2", "Audittrail", style(bold, 14, 19, COLOR_ACCENT), 0, 60);
  flow.y -= 6;
  if (input.demo) {
    paragraph(ctx, wrapText(DEMO_PDF_AUDIT_NOTICE, bold, BODY_SIZE, CONTENT_WIDTH), style(bold, BODY_SIZE, BODY_LEADING));
    flow.y -= 8;
  }

  const events = [...input.auditEvents].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (events.length === 0) {
    paragraph(ctx, ["Er zijn geen gebeurtenissen geregistreerd."], style(regular, BODY_SIZE, BODY_LEADING, COLOR_MUTED));
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

  renderProvenance(ctx);

  const hash = oneLine(input.versionHash);
  const hashSize = Math.min(9, (CONTENT_WIDTH - 1) / Math.max(measure(regular, hash, 1), 1));
  flow.space(20);
  flow.ensure(13 * 4 + 4);
  paragraph(ctx, [`Vingerafdruk van versie ${input.versionNumber} (SHA-256):`], style(bold, 9, 13));
  paragraph(ctx, [hash], style(regular, hashSize, 13));
  flow.y -= 4;
  paragraph(
    ctx,
    wrapText(
      "Deze vingerafdruk identificeert de inhoud van de versie ondubbelzinnig. Wie een afgedrukte of doorgestuurde kopie wil controleren, kan haar vergelijken met de versie in Akkoord.",
      regular,
      8,
      CONTENT_WIDTH
    ),
    style(regular, 8, 11, COLOR_MUTED)
  );
}

/** Where each clause came from (template and version, adapted or own text): in the annex, not under the headings. */
function renderProvenance(ctx: RenderContext): void {
  const { flow, input, bold } = ctx;
  const rows = input.sections.flatMap((section, s) =>
    section.clauses.flatMap((clause, c) => {
      const provenance = oneLine(clause.provenance);
      if (!provenance) return [];
      const number = clauseNumber(ctx, s, c);
      return [[number ? `${number} ${oneLine(clause.title)}` : oneLine(clause.title), provenance]];
    })
  );
  if (rows.length === 0) return;
  heading(ctx, "H3", "Herkomst van de bepalingen", style(bold, 11, 15), 20, 40);
  flow.y -= 4;
  const columns: TableColumn[] = [
    { header: "Bepaling", width: CONTENT_WIDTH - 190 },
    { header: "Herkomst", width: 190 },
  ];
  renderTable(ctx, columns, rows);
}

// ---------------------------------------------------------------------------
// Footer and metadata

function renderFooters(ctx: RenderContext): void {
  const { flow, regular, input } = ctx;
  const total = flow.pages.length;
  const size = 8;
  const title = oneLine(input.shortTitle) || coverHeading(input.title);
  const reference = oneLine(input.reference);
  const short = [input.demo ? DEMO_PDF_FOOTER : "", reference, title].filter(Boolean).join(" · ");
  flow.pages.forEach((page, i) => {
    const pageLabel = `pagina ${i + 1} van ${total}`;
    const labelWidth = measure(regular, pageLabel, size);
    const title = truncateToWidth(short, regular, size, CONTENT_WIDTH - labelWidth - 24);
    decorate(page, () =>
      page.drawLine({
        start: { x: MARGIN_X, y: FOOTER_RULE_Y },
        end: { x: MARGIN_X + CONTENT_WIDTH, y: FOOTER_RULE_Y },
        thickness: 0.5,
        color: COLOR_RULE,
      })
    );
    const footer = { y: FOOTER_BASELINE_Y, size, font: regular, color: COLOR_MUTED, artifact: true };
    drawString(page, title, { ...footer, x: MARGIN_X });
    drawString(page, pageLabel, { ...footer, x: MARGIN_X + CONTENT_WIDTH - labelWidth });
  });
}

function setMetadata(ctx: RenderContext): void {
  const { doc, input } = ctx;
  const hash = oneLine(input.versionHash).toLowerCase();
  const period = periodText(input);
  doc.setTitle(documentTitle(input), { showInWindowTitleBar: true });
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
    const reference = oneLine(input.reference);
    if (reference) info.set(PDFName.of(AGREEMENT_REFERENCE_INFO_KEY), PDFHexString.fromText(reference));
    info.set(PDFName.of(VERSION_NUMBER_INFO_KEY), PDFString.of(String(input.versionNumber)));
  }
}
