// Decompression bombs: small files that inflate to a lot. Built by streaming
// deflate (never holding the inflated bytes), so the test process stays small.
import { readFileSync } from "node:fs";
import { createDeflate, crc32 } from "node:zlib";

/** zlib (FlateDecode) bytes that inflate to `inflatedBytes` copies of `fill`, after `head`. */
export async function deflatedFill(inflatedBytes: number, fill = 0x20, head: Uint8Array = new Uint8Array()): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", () => resolve());
    deflate.on("error", reject);
  });
  const block = Buffer.alloc(1024 * 1024, fill);
  if (head.length > 0) deflate.write(head);
  for (let written = 0; written < inflatedBytes; written += block.length) {
    const part = block.subarray(0, Math.min(block.length, inflatedBytes - written));
    if (!deflate.write(part)) await new Promise((r) => deflate.once("drain", r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/**
 * A PDF that looks signed (a /ByteRange and /Contents) with an object stream
 * (/Type /ObjStm /Filter /FlateDecode) that inflates to `inflatedBytes`.
 */
export async function pdfObjectStreamBomb(inflatedBytes: number): Promise<Buffer> {
  const stream = await deflatedFill(inflatedBytes, 0x20, Buffer.from("5 0 << /Bomb true >> "));
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const add = (part: string | Buffer) => {
    const buffer = typeof part === "string" ? Buffer.from(part, "latin1") : part;
    parts.push(buffer);
    size += buffer.length;
  };
  const object = (n: number, body: string | Buffer[]) => {
    offsets[n] = size;
    if (typeof body === "string") add(`${n} 0 obj\n${body}\nendobj\n`);
    else {
      add(`${n} 0 obj\n`);
      for (const b of body) add(b);
      add("\nendobj\n");
    }
  };
  add("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  object(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>");
  object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
  object(3, [Buffer.from(`<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${stream.length} >>\nstream\n`, "latin1"), stream, Buffer.from("\nendstream", "latin1")]);
  object(4, `<< /FT /Sig /T (Handtekening) /V << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 100 200 300] /Contents <${"00".repeat(64)}> >> >>`);
  const xref = size;
  add(`xref\n0 5\n0000000000 65535 f \n${[1, 2, 3, 4].map((n) => `${String(offsets[n]).padStart(10, "0")} 00000 n \n`).join("")}`);
  add(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/**
 * A well-formed PNG whose header announces width × height RGBA pixels and
 * whose image data inflates to `inflatedBytes` (more than it announces).
 */
export async function pngBomb(options: { width: number; height: number; inflatedBytes: number }): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(options.width, 0);
  ihdr.writeUInt32BE(options.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", await deflatedFill(options.inflatedBytes, 0)),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

/** Resident memory of a process (Linux /proc): now and the peak so far, in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}
