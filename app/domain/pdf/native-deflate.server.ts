// pdf-lib compresses streams with pako (pure JavaScript), which took a third of
// the render time. These helpers make one document use Node's native zlib
// instead; the output is ordinary FlateDecode and deterministic.

import { deflateSync } from "node:zlib";
import { PDFArray, PDFContentStream, PDFName, PDFRef, type PDFDocument, type PDFPage } from "pdf-lib";

function toBytes(contents: string | Uint8Array): Uint8Array {
  if (typeof contents !== "string") return contents;
  const bytes = new Uint8Array(contents.length);
  for (let i = 0; i < contents.length; i++) bytes[i] = contents.charCodeAt(i) & 0xff;
  return bytes;
}

function deflate(bytes: Uint8Array): Uint8Array {
  const out = deflateSync(bytes, { level: 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Streams that pdf-lib creates through `context.flateStream` (embedded font
 * subsets, ToUnicode maps, images) are compressed with native zlib.
 */
export function useNativeDeflate(doc: PDFDocument): void {
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflate(toBytes(contents)), { ...dict, Filter: "FlateDecode" });
}

/**
 * Replaces the pages' (not yet compressed) content streams by natively
 * compressed raw streams. Call once, after all drawing and before save().
 */
export function compressPageContents(doc: PDFDocument, pages: PDFPage[]): void {
  const context = doc.context;
  for (const page of pages) {
    const contents = page.node.Contents();
    const refs: PDFRef[] = [];
    if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++) {
        const ref = contents.get(i);
        if (ref instanceof PDFRef) refs.push(ref);
      }
    } else {
      const ref = page.node.get(PDFName.of("Contents"));
      if (ref instanceof PDFRef) refs.push(ref);
    }
    for (const ref of refs) {
      const stream = context.lookup(ref);
      if (!(stream instanceof PDFContentStream)) continue;
      context.assign(ref, context.stream(deflate(stream.getUnencodedContents()), { Filter: "FlateDecode" }));
    }
  }
}
