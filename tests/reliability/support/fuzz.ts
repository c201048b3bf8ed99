// fast-check arbitraries for malformed form submissions, and how to send one:
// wrong types, huge strings, odd unicode, missing and repeated fields, and
// bodies that are not what their Content-Type says (broken multipart, JSON,
// invalid percent-encoding, invalid UTF-8).
import fc from "fast-check";

export type Field = { name: string; value: string | { file: Uint8Array; filename: string; type: string } };
export type Encoding = "urlencoded" | "urlencoded-raw" | "multipart" | "broken-multipart" | "json" | "text" | "none" | "utf16" | "chunked";
export type Submission = { fields: Field[]; encoding: Encoding };

const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDFFFy",
  "\u202Eevil\u202C",
  "\u200B\u200C\u200D\uFEFF",
  "e\u0301\u0301\u0301\u0301",
  "Zoë Claes – “directeur”",
  "👩🏽‍🏫👨‍👩‍👧‍👦",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "'; DROP TABLE \"Agreement\"; --",
  "<script>alert(1)</script>",
  "{{schooljaar}}",
  "../../../../etc/passwd",
  "%00%ff",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9007199254740993",
  "-0",
  "true",
  "[]",
  "{}",
  '{"__proto__":{"x":1}}',
  "2026-02-30",
  "31/02/2027",
  "\r\nSet-Cookie: x=y",
  "a".repeat(201),
  "é".repeat(5_000),
];

/** A value: odd, typed wrong, random unicode, or huge. */
export const valueArb = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    { weight: known.length > 0 ? 3 : 0, arbitrary: fc.constantFrom(...(known.length > 0 ? known : [""])) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("a", "é", "€", "\u0000", "<b>", "𝔘", "\n"), fc.constantFrom(1_000, 20_001, 100_000, 600_000))
        .map(([unit, n]) => unit.repeat(n)),
    },
  );

const fileArb = fc.record({
  file: fc.oneof(
    fc.uint8Array({ maxLength: 2_000 }),
    fc.constant(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
    fc.constant(new TextEncoder().encode("%PDF-1.7\n%broken")),
    fc.constant(new TextEncoder().encode("instellingsnummer;naam\n12;\u0000\n\"unterminated")),
  ),
  filename: fc.constantFrom("a.png", "../../x.pdf", "scholen.csv", "", "é.txt"),
  type: fc.constantFrom("image/png", "application/pdf", "text/csv", "application/octet-stream", ""),
});

/**
 * A submission built from the form's own field names and values (`names`,
 * `values`) and random ones: some fields left out, some repeated.
 */
export function submissionArb(names: readonly string[], values: readonly string[]): fc.Arbitrary<Submission> {
  const nameArb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(names.length > 0 ? names : ["intent"])) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "v:", "v:__proto__", "intent[]", "", "a".repeat(300)) },
  );
  const fieldArb: fc.Arbitrary<Field> = fc.record({
    name: nameArb,
    value: fc.oneof({ weight: 12, arbitrary: valueArb(values) }, { weight: 1, arbitrary: fileArb }),
  });
  return fc.record({
    fields: fc.array(fieldArb, { maxLength: 12 }).chain((fields) =>
      // Repeat some fields (same name, other values).
      fc.subarray(fields).map((repeats) => [...fields, ...repeats.map((f) => ({ ...f, value: typeof f.value === "string" ? `${f.value}-2` : f.value }))]),
    ),
    encoding: fc.constantFrom<Encoding>("urlencoded", "urlencoded", "urlencoded", "urlencoded-raw", "multipart", "multipart", "broken-multipart", "json", "text", "none", "utf16", "chunked"),
  });
}

const text = (v: Field["value"]) => (typeof v === "string" ? v : new TextDecoder().decode(v.file));

/** Turns a submission into fetch() options (method POST). */
export function encode(submission: Submission): { headers: Record<string, string>; body: BodyInit; duplex?: "half" } {
  const { fields } = submission;
  switch (submission.encoding) {
    case "urlencoded":
      return {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields.map((f) => [f.name, text(f.value)])).toString(),
      };
    case "urlencoded-raw": {
      // Invalid percent-encoding and raw bytes that are not UTF-8.
      const parts = fields.map((f) => `${encodeURIComponent(f.name.replace(/[\uD800-\uDFFF]/g, ""))}=${["%ZZ", "%E0%A4", "%", "%FF%FE", "%C0%AF"][f.name.length % 5]}`);
      return {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.concat([Buffer.from(parts.join("&")), Buffer.from([0x26, 0xff, 0xfe, 0x3d, 0xc3, 0x28])]),
      };
    }
    case "multipart": {
      const form = new FormData();
      for (const f of fields) {
        if (typeof f.value === "string") form.append(f.name, f.value);
        else form.append(f.name, new Blob([new Uint8Array(f.value.file)], { type: f.value.type }), f.value.filename);
      }
      return { headers: {}, body: form };
    }
    case "broken-multipart": {
      const boundary = "----akkoordfuzz";
      const first = fields[0];
      const variants = [
        // No closing boundary.
        `--${boundary}\r\nContent-Disposition: form-data; name="${first?.name ?? "intent"}"\r\n\r\n${first ? text(first.value).slice(0, 100) : "x"}`,
        // Header without a name, garbage after.
        `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--${boundary}--\r\ntrailing`,
        // Another boundary than announced.
        `--other\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n--other--\r\n`,
        // No blank line between headers and value.
        `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\nsave\r\n--${boundary}--`,
        "",
      ];
      const contentTypes = [`multipart/form-data; boundary=${boundary}`, "multipart/form-data", `multipart/form-data; boundary="${boundary}`];
      const pick = fields.length % variants.length;
      return { headers: { "content-type": contentTypes[fields.length % contentTypes.length]! }, body: variants[pick]! };
    }
    case "json":
      return {
        headers: { "content-type": "application/json" },
        body: JSON.stringify(Object.fromEntries(fields.map((f) => [f.name, text(f.value).slice(0, 1000)]))),
      };
    case "text":
      return { headers: { "content-type": "text/plain" }, body: fields.map((f) => `${f.name}=${text(f.value).slice(0, 1000)}`).join("\n") };
    case "utf16":
      return {
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-16" },
        body: Buffer.from(new URLSearchParams(fields.map((f) => [f.name, text(f.value).slice(0, 1000)])).toString(), "utf16le"),
      };
    case "none":
      return { headers: {}, body: Buffer.from(fields.map((f) => f.name).join("\u0000")) };
    case "chunked": {
      // A form streamed without Content-Length (Transfer-Encoding: chunked).
      const bytes = new TextEncoder().encode(new URLSearchParams(fields.map((f) => [f.name, text(f.value)])).toString());
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.subarray(i, i + 16_384));
          controller.close();
        },
      });
      return { headers: { "content-type": "application/x-www-form-urlencoded" }, body: stream, duplex: "half" };
    }
  }
}

/** The form field names and values on an HTML page (inputs, buttons, selects, textareas). */
export function formVocabulary(html: string): { names: string[]; values: string[] } {
  const names = new Set<string>();
  const values = new Set<string>();
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  for (const tag of html.matchAll(/<(input|button|select|textarea|option)\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag[0])?.[1];
    if (name) names.add(decode(name));
    if (value !== undefined && value.length < 200) values.add(decode(value));
  }
  return { names: [...names], values: [...values] };
}

/** About how many bytes the body of this submission takes (for the 2 MB limit). */
export function approximateSize(submission: Submission): number {
  return submission.fields.reduce(
    (sum, f) => sum + Buffer.byteLength(f.name) * 3 + (typeof f.value === "string" ? Buffer.byteLength(f.value) * 3 : f.value.file.length),
    0,
  );
}

/** Query parameter names the loaders read, and some they do not. */
const QUERY_NAMES = ["versie", "van", "naar", "q", "bouwsteen", "rubriek", "uitkomst", "redirectTo", "nieuw", "index", "_data", "status", "jaar", "pagina"];
const HUGE_NUMBERS = ["9223372036854775808", "18446744073709551616", "99999999999999999999999", "1e309", "-9223372036854775809", "0x10", "1.5", " 1", "١"];

/** A raw query string (after "?"): known and random names, odd and huge values, broken percent-encoding. */
export function queryArb(): fc.Arbitrary<string> {
  const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
  const value = fc.oneof(
    { weight: 3, arbitrary: valueArb([]).map((v) => v.slice(0, 3_000)) },
    { weight: 2, arbitrary: fc.constantFrom(...HUGE_NUMBERS) },
  );
  const pair = fc.tuple(name, value, fc.constantFrom("encoded", "encoded", "raw")).map(([n, v, how]) =>
    how === "encoded" ? `${encodeURIComponent(n.replace(/[\uD800-\uDFFF]/g, ""))}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, ""))}` : `${n.replace(/[^\x21-\x7e]/g, "")}=${["%", "%ZZ", "%E0%A4", "%C0%AF", "%00", "%FF"][v.length % 6]}${v.replace(/[^\x21-\x7e]/g, "").slice(0, 100)}`,
  );
  return fc.array(pair, { minLength: 1, maxLength: 6 }).map((pairs) => pairs.join("&"));
}

/** Unicode control and format characters (Cc, Cf) other than tab, line feed and carriage return. */
const CONTROL_OR_FORMAT = /(?![\t\n\r])[\p{Cc}\p{Cf}]/u;

/**
 * Every text value in the tables that holds a control or format character,
 * as "table.column: excerpt" (the same value in the same column counts once).
 */
export function controlCharacterValues(db: import("better-sqlite3").Database, tables: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const table of tables) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).iterate() as Iterable<Record<string, unknown>>) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value !== "string" || !CONTROL_OR_FORMAT.test(value)) continue;
        const at = value.search(CONTROL_OR_FORMAT);
        found.add(`${table}.${column}: ${JSON.stringify(value.slice(Math.max(0, at - 20), at + 20))} (${value.length} characters)`);
      }
    }
  }
  return found;
}
