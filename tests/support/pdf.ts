// Test support for the PDF module: a realistic Dutch agreement input, a tiny
// PNG encoder (pdf-lib can read PNGs but not write them) and text helpers.
// Only imported by tests and the benchmark script (bench/pdf.ts).

import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, createDeflate, deflateSync } from "node:zlib";
import type { AgreementPdfInput, AgreementPdfSection } from "~/domain/pdf/types";

// ---------------------------------------------------------------------------
// Minimal PNG encoder (RGBA, 8 bit, no interlace)

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes an RGBA image; `pixel(x, y)` returns [r, g, b, a]. */
export function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number]
): Uint8Array {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  let offset = 0;
  for (let y = 0; y < height; y++) {
    raw[offset++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw[offset++] = r;
      raw[offset++] = g;
      raw[offset++] = b;
      raw[offset++] = a;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  header[10] = 0;
  header[11] = 0;
  header[12] = 0;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(raw)),
      chunk("IEND", new Uint8Array(0)),
    ])
  );
}

// ---------------------------------------------------------------------------
// Decompression bombs (for the tests that uploads stay bounded)

/** zlib data that inflates to `size` zero bytes, made without ever holding them (about 1 KB per MB). */
export async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on("data", (part: Buffer) => parts.push(part));
  const ended = once(deflate, "end");
  const block = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= block.length) {
    if (!deflate.write(left >= block.length ? block : block.subarray(0, left))) await once(deflate, "drain");
  }
  deflate.end();
  await ended;
  return Buffer.concat(parts);
}

/** A PNG with this header (8-bit RGBA unless told) whose single IDAT chunk is `idat`, as given. */
export function pngWithImageData(
  header: { width: number; height: number; depth?: number; colour?: number; interlace?: number },
  idat: Uint8Array
): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(header.width, 0);
  ihdr.writeUInt32BE(header.height, 4);
  ihdr[8] = header.depth ?? 8;
  ihdr[9] = header.colour ?? 6;
  ihdr[12] = header.interlace ?? 0;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", idat),
      chunk("IEND", new Uint8Array(0)),
    ])
  );
}

/**
 * A PDF that looks sealed: a /ByteRange covering the whole file around a
 * /Contents hex string of `contentsHexLength` digits, holding `objectStream` as
 * a FlateDecode object stream. `sign` gets the bytes the range covers and
 * returns the hex for /Contents (zero-padded here); without it the contents
 * are an unreadable CMS.
 */
export function sealedLookingPdf(options: {
  objectStream: Buffer;
  sign?: (signedBytes: Buffer) => string;
  contentsHexLength?: number;
}): Uint8Array {
  const { objectStream } = options;
  const hexLength = options.contentsHexLength ?? 8192;
  const head = Buffer.from(
    "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
      `3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${objectStream.length} >>\nstream\n`,
    "latin1"
  );
  const sig = (range: string) =>
    `\nendstream\nendobj\n4 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [${range}] /Contents `;
  const tail = " >>\nendobj\ntrailer\n<< /Root 1 0 R /Size 5 >>\nstartxref\n0\n%%EOF\n";
  const placeholder = " ".repeat(40);
  const before = head.length + objectStream.length + sig(placeholder).length;
  const after = before + hexLength + 2;
  const total = after + tail.length;
  const range = `0 ${before} ${after} ${total - after}`.padEnd(placeholder.length, " ");
  const start = Buffer.concat([head, objectStream, Buffer.from(sig(range), "latin1")]);
  const end = Buffer.from(tail, "latin1");
  const hex = options.sign ? options.sign(Buffer.concat([start, end])) : "3082";
  if (hex.length > hexLength) throw new Error("the signature does not fit in /Contents");
  return new Uint8Array(Buffer.concat([start, Buffer.from(`<${hex.padEnd(hexLength, "0")}>`, "latin1"), end]));
}

/** sealedLookingPdf around a decompression bomb (see deflatedZeros): what a parser that inflates without limit chokes on. */
export function sealedLookingPdfBomb(bomb: Buffer): Uint8Array {
  return sealedLookingPdf({ objectStream: bomb });
}

/** A small transparent "signature": a dark-blue sine scribble. */
export function makeSignaturePng(width = 240, height = 80): Uint8Array {
  return encodePng(width, height, (x, y) => {
    const curve = height / 2 + Math.sin(x / 11) * (height / 4) + Math.cos(x / 27) * 6;
    const onLine = Math.abs(y - curve) < 2.2;
    return onLine ? [20, 40, 110, 255] : [255, 255, 255, 0];
  });
}

// ---------------------------------------------------------------------------
// Sample input

export const SAMPLE_VERSION_HASH = "3f7a9c0e5b1d2468ace0f13579bdf02468ace13579bdf0aa5566778899aabbcc";

export const LONG_CLAUSE_TEXT = Array.from(
  { length: 7 },
  (_, i) =>
    `Alinea ${
      i + 1
    }: de school, het CLB en de brugfiguren overleggen “tijdig en in vertrouwen” over elke leerling die extra zorg nodig heeft. ` +
    `Ze houden rekening met de privacy van de leerling en de ouders, met het beroepsgeheim van de CLB-medewerkers en met de afspraken uit het zorgbeleid van de school. ` +
    `Wie een signaal opvangt, brengt de zorgcoördinator op de hoogte; die beslist – na overleg met het CLB – of een brugfiguur betrokken wordt. ` +
    `Kosten voor materiaal (maximaal € 250 per schooljaar) worden gedragen door de stad, tenzij anders overeengekomen. Naïeve oplossingen volstaan zelden; de partijen evalueren daarom ‘wat werkt’ en sturen bij.`
).join("\n");

const SECTION_TITLES = [
  "Voorwerp en looptijd",
  "Bereikbaarheid en aanspreekpunten",
  "Signalen en doorverwijzing",
  "Leerlingenbegeleiding en zorgcontinuüm",
  "Inzet van de brugfiguren",
  "Privacy en gegevensdeling",
  "Overleg en evaluatie",
  "Slotbepalingen",
];

function clauseText(section: number, clause: number): string {
  const n = `${section + 1}.${clause + 1}`;
  const variants = [
    `De partijen engageren zich om afspraak ${n} na te leven tijdens het hele schooljaar. De coördinatie ligt bij de directeur van de school, die de CLB-medewerker en de brugfiguur uitnodigt voor een overleg “op maat”.`,
    `Het CLB is bereikbaar op maandag, dinsdag en donderdag tussen 8.30 en 16.30 uur (afspraak ${n}). Buiten die uren kan de school een bericht nalaten; het CLB antwoordt binnen twee werkdagen.\n- telefonisch via het algemene nummer;\n- per e-mail aan het vaste aanspreekpunt;\n- tijdens de wekelijkse zitdag op school.`,
    `Een leerling die ‘uit beeld’ dreigt te raken, wordt besproken op het multidisciplinair overleg (afspraak ${n}). De zorgcoördinator noteert de genomen beslissingen en bezorgt ze binnen één week aan de betrokken partijen.`,
    `Voor ouders die het Nederlands niet goed beheersen, voorziet de stad een tolk of een brugfiguur met de nodige taalkennis (afspraak ${n}). De kosten – € 35 per uur – worden gedragen door het lokaal bestuur.`,
    `De school bezorgt het CLB tijdig de gegevens die nodig zijn voor de opvolging van de leerplicht (afspraak ${n}). Gegevens worden enkel gedeeld wanneer dat noodzakelijk is en met respect voor de privacy van de leerling en zijn ouders.\n\nBij twijfel vraagt de school advies aan de functionaris voor gegevensbescherming.`,
    `De partijen evalueren deze afspraak (${n}) minstens één keer per schooljaar. Ze gaan na of de doelen bereikt zijn, wat de naïeve verwachtingen waren en welke coöperatieve werkvormen het best werkten.`,
  ];
  return variants[(section + clause) % variants.length] ?? "";
}

export function buildSampleInput(overrides: Partial<AgreementPdfInput> = {}): AgreementPdfInput {
  const sections: AgreementPdfSection[] = SECTION_TITLES.map((title, s) => ({
    title,
    clauses: Array.from({ length: 5 }, (_, c) => ({
      title: `Afspraak over ${title.toLowerCase()} (${c + 1})`,
      text: clauseText(s, c),
      provenance:
        c % 3 === 0 ? "sjabloon clb-bereikbaarheid v2, aangepast" : c % 3 === 1 ? "sjabloon brugfiguren v1" : null,
    })),
  }));
  // One long clause that wraps over more than a page.
  sections[3]?.clauses.splice(2, 0, {
    title: "Uitgebreide samenwerking rond zorg en welbevinden",
    text: LONG_CLAUSE_TEXT,
    provenance: "eigen tekst van de school",
  });

  const bearers = ["School", "CLB", "Brugfiguren", "Stad Gent", "Zorgcoördinator"];
  const commitments = Array.from({ length: 20 }, (_, i) => ({
    bearer: bearers[i % bearers.length] ?? "School",
    what:
      i % 4 === 0
        ? `Organiseert het startoverleg en bezorgt vooraf een lijst met de leerlingen die “extra opvolging” nodig hebben, met een korte toelichting per leerling (engagement ${
            i + 1
          }).`
        : `Engagement ${i + 1}: volgt de afgesproken acties op en rapporteert op het overleg.`,
    dueLabel: i % 3 === 0 ? "30/09/2026" : i % 3 === 1 ? "elk trimester" : "einde schooljaar",
    rasci: i % 2 === 0 ? "School: R · CLB: A · Brugfiguren: S" : "CLB: R · School: C · Stad: I",
  }));

  return {
    agreementId: "cm4q9x2k70000abcdefghijkl",
    reference: "SO-2026-0042",
    title: "Samenwerkingsovereenkomst tussen Basisschool De Regenboog, Vrij CLB Gent en de brugfiguren van Stad Gent",
    shortTitle: "Samenwerking De Regenboog – CLB – brugfiguren",
    documentTypeLabel: "Samenwerkingsovereenkomst",
    schoolYear: "2026-2027",
    versionNumber: 3,
    versionHash: SAMPLE_VERSION_HASH,
    parties: [
      {
        roleLabel: "School",
        name: "Basisschool De Regenboog",
        address: "Kerkstraat 12\n9000 Gent",
        instellingsnummer: "012345",
      },
      { roleLabel: "CLB", name: "Vrij CLB Gent", address: "Coupure Links 3, 9000 Gent", instellingsnummer: "123456" },
      { roleLabel: "Brugfigurenwerking", name: "Stad Gent – Dienst Onderwijs", address: "Botermarkt 1, 9000 Gent" },
    ],
    sections,
    commitments,
    signatures: [
      {
        name: "Anaïs Verbeke",
        function: "Directeur",
        organisation: "Basisschool De Regenboog",
        signedAt: new Date("2026-11-22T13:05:00Z"),
        drawnSignaturePng: makeSignaturePng(),
      },
      {
        name: "Joëlle De Smet",
        function: "CLB-directeur",
        organisation: "Vrij CLB Gent",
        signedAt: new Date("2026-11-23T08:30:00Z"),
      },
      {
        name: "Zoë Van den Broeck",
        function: "Coördinator brugfiguren",
        organisation: "Stad Gent",
        signedAt: new Date("2026-07-01T10:15:00Z"),
      },
    ],
    auditEvents: [
      {
        at: new Date("2026-09-01T07:00:00Z"),
        actor: "Anaïs Verbeke",
        action: "Ontwerp aangemaakt",
        detail: "Op basis van sjabloon “basisschool v2”",
      },
      {
        at: new Date("2026-09-03T12:45:00Z"),
        actor: "Joëlle De Smet",
        action: "Opmerking toegevoegd",
        detail: "Bereikbaarheid CLB aangepast",
      },
      { at: new Date("2026-10-10T09:00:00Z"), actor: "Anaïs Verbeke", action: "Versie 3 vastgelegd" },
      { at: new Date("2026-11-22T13:05:00Z"), actor: "Anaïs Verbeke", action: "Versie ondertekend" },
      { at: new Date("2026-11-23T08:30:00Z"), actor: "Joëlle De Smet", action: "Versie ondertekend" },
    ],
    watermark: null,
    generatedAt: new Date("2026-11-23T09:00:00Z"),
    ...overrides,
  };
}

// ---------------------------------------------------------------------------
// Text helpers

/** Collapses all whitespace (line wraps, paragraph breaks) to single spaces. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** What a clause text looks like once rendered: "- " bullets become "• ". */
export function expectedRenderedText(text: string): string {
  return normaliseWhitespace(
    text
      .split("\n")
      .map((line) => line.replace(/^\s*-\s+/, "• "))
      .join("\n")
  );
}

// ---------------------------------------------------------------------------
// Poppler command-line tools (poppler-utils)

export interface ToolResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Runs a poppler-utils tool (pdftotext, pdfsig, pdfimages, …). Fails loudly
 * when the tool is missing: these tests must not be skipped.
 */
export function runPoppler(tool: string, args: string[]): ToolResult {
  const result = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new Error(
        `${tool} not found: install poppler-utils (Debian/Ubuntu: "apt-get install -y poppler-utils"); the PDF tests need pdftotext, pdfsig and pdfimages.`
      );
    }
    throw result.error;
  }
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** Writes bytes to a fresh temporary file and returns its path. */
export function writeTempPdf(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Text per page via `pdftotext -raw` (content-stream order). */
export function pdftotextPages(file: string): string[] {
  const { stdout, status, stderr } = runPoppler("pdftotext", ["-enc", "UTF-8", "-raw", file, "-"]);
  if (status !== 0) throw new Error(`pdftotext failed: ${stderr}`);
  const pages = stdout.split("\f");
  if (pages.length > 0 && pages[pages.length - 1]?.trim() === "") pages.pop();
  return pages;
}

export function makeTempDir(prefix = "akkoord-pdf-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
