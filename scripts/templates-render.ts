// Prints every clause of every document type rendered with sample values, as
// plain text, one clause per block headed by its id: to read what the clause
// library produces at its edges.
// Usage: npm run templates:render -- [--values min|one|typical|max] [--type <document type>] [--level basis|secundair|buitengewoon]
import { parseArgs } from "node:util";
import { loadTemplateLibrary } from "../app/domain/templates/load-templates.server";
import { blockText, renderLibrary } from "../app/domain/templates/render-library";
import { SAMPLE_SETS, type SampleSet } from "../app/domain/templates/sample-values";
import { EDUCATION_LEVELS, isEducationLevel } from "../app/domain/templates/schema";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { values: { type: "string", default: "typical" }, type: { type: "string" }, level: { type: "string" } } }).values;
} catch (error) {
  fail(`${(error as Error).message}\nGebruik: npm run templates:render -- [--values min|one|typical|max] [--type <documenttype>] [--level <onderwijsniveau>]`);
}
const set = args.values as SampleSet;
if (!SAMPLE_SETS.includes(set)) fail(`Onbekende waarden "${args.values}": kies uit ${SAMPLE_SETS.join(", ")}.`);
const library = loadTemplateLibrary();
if (args.type && !library.documentTypes.has(args.type)) {
  fail(`Onbekend documenttype "${args.type}": kies uit ${[...library.documentTypes.keys()].join(", ")}.`);
}
const level = args.level;
if (level !== undefined && !isEducationLevel(level)) fail(`Onbekend onderwijsniveau "${level}": kies uit ${EDUCATION_LEVELS.join(", ")}.`);
const blocks = renderLibrary(library, set, { documentTypeId: args.type, level });
console.log(blocks.map(blockText).join("\n\n"));
