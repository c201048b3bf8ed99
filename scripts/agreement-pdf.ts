// `npm run agreement:pdf -- <agreementId> <out.pdf>`: writes the PDF of an
// agreement. The latest signed version: its stored, sealed final PDF. No
// signed version yet: a fresh rendering of the latest frozen version with the
// "CONCEPT" watermark. Bad arguments or an unknown id: a Dutch message, exit 2.
import { writeFile } from "node:fs/promises";
import path from "node:path";

const USAGE = "Gebruik: npm run agreement:pdf -- <id van de overeenkomst> <uitvoer.pdf>";

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

async function main(args: string[]): Promise<void> {
  if (args.length !== 2) fail(`Geef precies twee argumenten.\n${USAGE}`);
  const [agreementId, out] = args as [string, string];
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(agreementId)) fail(`"${agreementId}" is geen geldige id van een overeenkomst.\n${USAGE}`);
  if (!out.toLowerCase().endsWith(".pdf")) fail(`Het uitvoerbestand moet op .pdf eindigen.\n${USAGE}`);

  const { db } = await import("~/utils/db.server");
  const { versionPdf } = await import("~/domain/signing/version-pdf.server");
  const { finalizeVersion } = await import("~/domain/signing/finalize-version.server");
  try {
    const agreement = await db.agreement.findUnique({ where: { id: agreementId }, select: { id: true, title: true } });
    if (!agreement) fail(`Er is geen overeenkomst met id "${agreementId}".`);
    const signed = await db.agreementVersion.findFirst({
      where: { agreementId, status: { in: ["ondertekend", "vervangen"] } },
      orderBy: { number: "desc" },
      select: { id: true, number: true, status: true, finalPdf: true },
    });
    const latest = await db.agreementVersion.findFirst({ where: { agreementId }, orderBy: { number: "desc" }, select: { id: true, number: true } });
    const chosen = signed ?? latest;
    if (!chosen) fail(`De overeenkomst "${agreement.title}" heeft nog geen vastgelegde versie.`);
    if (signed && !signed.finalPdf && signed.status === "ondertekend") await finalizeVersion(signed.id);
    const pdf = await versionPdf(chosen.id);
    if (pdf.kind === "pending") fail(`De ondertekende PDF van versie ${chosen.number} bestaat nog niet. Probeer later opnieuw.`, 1);
    await writeFile(path.resolve(out), pdf.bytes);
    console.log(
      pdf.kind === "ondertekend"
        ? `Ondertekende versie ${chosen.number} geschreven naar ${out}.`
        : `Versie ${chosen.number} (nog niet ondertekend, met watermerk CONCEPT) geschreven naar ${out}.`,
    );
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`De PDF kon niet gemaakt worden: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
