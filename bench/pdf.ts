// Child process of bench/run.ts: renders and seals a signed agreement of about
// ten pages (app/domain/pdf) `runs` times in a fresh process, so the peak RSS
// is the PDF work's own. Prints one JSON line.
// With `--write <file>` it writes one sealed PDF instead (the dataset stores it
// as the final PDF of every signed version).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { loadOrCreateSealCertificate, renderAgreementPdf, sealPdf } from "~/domain/pdf";
import { buildSampleInput } from "../tests/support/pdf";

const writeTo = process.argv[2] === "--write" ? process.argv[3] : undefined;
const runs = writeTo ? 0 : Number(process.argv[2] ?? 50);
const devDir = process.env.BENCH_SEAL_DIR ?? mkdtempSync(path.join(os.tmpdir(), "akkoord-bench-seal-"));
const cert = await loadOrCreateSealCertificate({ devDir });

// The sample agreement (tests/support/pdf.ts) runs a little over ten
// pages; drop clauses from the end until it is ten (not timed).
const input = buildSampleInput();
const pageCount = async () => (await PDFDocument.load(await renderAgreementPdf(input))).getPageCount();
while ((await pageCount()) > 10) {
  const last = input.sections[input.sections.length - 1]!;
  last.clauses.pop();
  if (last.clauses.length === 0) input.sections.pop();
}

if (writeTo) {
  writeFileSync(writeTo, await sealPdf(await renderAgreementPdf(input), cert, { reason: "Ondertekende versie, verzegeld door Akkoord" }));
  process.exit(0);
}

const times: number[] = [];
let peakRss = process.memoryUsage().rss;
let pages = 0;
let bytes = 0;
for (let i = 0; i < runs + 3; i++) {
  const started = performance.now();
  const sealed = await sealPdf(await renderAgreementPdf({ ...input, generatedAt: new Date() }), cert, { reason: "Ondertekende versie 3, verzegeld door Akkoord" });
  const ms = performance.now() - started;
  if (i >= 3) times.push(ms); // three warm-up runs
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (i === 0) {
    pages = (await PDFDocument.load(sealed)).getPageCount();
    bytes = sealed.byteLength;
  }
}
if (!process.env.BENCH_SEAL_DIR) rmSync(devDir, { recursive: true, force: true });
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
process.stdout.write(`${JSON.stringify({ times, peakRssMb: peakRss / 1024 / 1024, pages, bytes })}\n`);
