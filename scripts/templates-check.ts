// Checks the clause library in templates/ (document types, clauses, glossary).
// Usage: tsx scripts/templates-check.ts [templates-dir]
// Exit code 0 when everything is in order, 1 when there are problems.

import { checkTemplateLibrary } from "../app/domain/templates/load-templates.server";

const dir = process.argv[2];
const { ok, problems, library } = checkTemplateLibrary(dir);

if (ok && library !== null) {
  console.log(
    `Sjablonen in orde: ${library.clauses.size} clausules, ${library.documentTypes.size} documenttypes.`,
  );
  process.exit(0);
} else {
  console.error(`De sjablonen bevatten ${problems.length} ${problems.length === 1 ? "probleem" : "problemen"}:`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}
