// DejaVu Sans (regular + bold) for the agreement PDF. The TTF bytes are read
// once per process and the parsed fontkit fonts are reused for every document:
// parsing a 750 kB TrueType file costs more than laying out a whole agreement.
// pdf-lib still builds a fresh subset per document (Subset objects are per
// embedder), so sharing the parsed font is safe.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFHexString, type PDFDocument, type PDFFont } from "pdf-lib";

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

type FontkitFont = ReturnType<Fontkit["create"]>;

export interface DejaVuFontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

let fontBytesPromise: Promise<DejaVuFontBytes> | null = null;

function fontPath(file: string): string {
  const require = createRequire(import.meta.url);
  return require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
}

export function loadDejaVuFontBytes(): Promise<DejaVuFontBytes> {
  if (!fontBytesPromise) {
    fontBytesPromise = Promise.all([
      readFile(fontPath("DejaVuSans.ttf")),
      readFile(fontPath("DejaVuSans-Bold.ttf")),
    ]).then(([regular, bold]) => ({
      regular: new Uint8Array(regular.buffer, regular.byteOffset, regular.byteLength),
      bold: new Uint8Array(bold.buffer, bold.byteOffset, bold.byteLength),
    }));
    fontBytesPromise.catch(() => {
      fontBytesPromise = null;
    });
  }
  return fontBytesPromise;
}

const parsedFonts = new WeakMap<Uint8Array, FontkitFont>();

/**
 * A Fontkit for pdf-lib's registerFontkit that parses each distinct byte array
 * only once (keyed by identity, so only the cached DejaVu arrays benefit).
 */
export const cachingFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
    if (postscriptName !== undefined) {
      return (fontkit as Fontkit).create(buffer, postscriptName);
    }
    let font = parsedFonts.get(buffer);
    if (!font) {
      font = (fontkit as Fontkit).create(buffer);
      parsedFonts.set(buffer, font);
    }
    return font;
  },
};

// ---------------------------------------------------------------------------
// Fast text encoding
//
// pdf-lib encodes every drawText call by running fontkit's full OpenType
// shaping (GSUB/GPOS lookups), which costs ~0.5 ms per line and dominated the
// render time. We draw plain left-to-right text without kerning or ligatures,
// for which shaping is a 1:1 code point → glyph mapping via the cmap. This
// replaces the subset embedder's encodeText/widthOfTextAtSize on the instance
// with exactly that mapping, keeping pdf-lib's own bookkeeping (subset glyph
// ids, ToUnicode map, widths array) intact. If pdf-lib's internals ever look
// different, the patch is skipped and pdf-lib's own (slow) path is used.

interface FontkitGlyphLike {
  id: number;
  advanceWidth: number;
}

interface FontkitFontLike {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): FontkitGlyphLike;
}

interface SubsetEmbedderLike {
  font: FontkitFontLike;
  subset: { includeGlyph(glyph: FontkitGlyphLike | number): number };
  glyphs: FontkitGlyphLike[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
  encodeText(text: string): PDFHexString;
  widthOfTextAtSize(text: string, size: number): number;
}

function isSubsetEmbedder(value: unknown): value is SubsetEmbedderLike {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Record<string, unknown>;
  const font = e.font as Record<string, unknown> | undefined;
  const subset = e.subset as Record<string, unknown> | undefined;
  const glyphCache = e.glyphCache as Record<string, unknown> | undefined;
  return (
    typeof font === "object" &&
    font !== null &&
    typeof font.glyphForCodePoint === "function" &&
    typeof font.unitsPerEm === "number" &&
    typeof subset === "object" &&
    subset !== null &&
    typeof subset.includeGlyph === "function" &&
    Array.isArray(e.glyphs) &&
    e.glyphIdMap instanceof Map &&
    typeof glyphCache === "object" &&
    glyphCache !== null &&
    typeof glyphCache.invalidate === "function" &&
    typeof e.encodeText === "function"
  );
}

/** Returns true when the fast path was installed on this (subset-embedded) font. */
export function enableFastTextEncoding(pdfFont: PDFFont): boolean {
  const embedder: unknown = (pdfFont as unknown as { embedder?: unknown }).embedder;
  if (!isSubsetEmbedder(embedder)) return false;
  const font = embedder.font;
  const scale = 1000 / font.unitsPerEm;
  const hexByCodePoint = new Map<number, string>();
  const advanceByCodePoint = new Map<number, number>();

  const hexFor = (codePoint: number): string => {
    let hex = hexByCodePoint.get(codePoint);
    if (hex === undefined) {
      const glyph = font.glyphForCodePoint(codePoint);
      const subsetGlyphId = embedder.subset.includeGlyph(glyph);
      embedder.glyphs[subsetGlyphId - 1] = glyph;
      embedder.glyphIdMap.set(glyph.id, subsetGlyphId);
      embedder.glyphCache.invalidate();
      hex = subsetGlyphId.toString(16).toUpperCase().padStart(4, "0");
      hexByCodePoint.set(codePoint, hex);
    }
    return hex;
  };

  embedder.encodeText = (text: string): PDFHexString => {
    let hex = "";
    for (const ch of text) hex += hexFor(ch.codePointAt(0) ?? 0);
    return PDFHexString.of(hex);
  };
  embedder.widthOfTextAtSize = (text: string, size: number): number => {
    let total = 0;
    for (const ch of text) {
      const codePoint = ch.codePointAt(0) ?? 0;
      let advance = advanceByCodePoint.get(codePoint);
      if (advance === undefined) {
        advance = font.glyphForCodePoint(codePoint).advanceWidth * scale;
        advanceByCodePoint.set(codePoint, advance);
      }
      total += advance;
    }
    return (total * size) / 1000;
  };
  return true;
}
