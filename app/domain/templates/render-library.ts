// Every clause of every document type rendered with one set of sample values,
// as plain text: one block per clause, headed by its id. What
// `npm run templates:render` prints and what the grammar tests read.
import { renderClause, type RenderedClause } from "./render";
import { sampleValues, type SampleSet } from "./sample-values";
import { clauseFitsLevel, type EducationLevel, type TemplateLibrary, type VariableValues } from "./schema";

export interface RenderedBlock {
  documentTypeId: string;
  clauseId: string;
  rendered: RenderedClause;
}

/**
 * The clauses of one type (or all types) rendered with the set's values, or with given values per
 * clause; with a level, only the clauses that fit it.
 */
export function renderLibrary(
  library: TemplateLibrary,
  set: SampleSet,
  options: { documentTypeId?: string; level?: EducationLevel; values?: (clauseId: string) => VariableValues | undefined } = {},
): RenderedBlock[] {
  const typeIds = options.documentTypeId ? [options.documentTypeId] : [...library.documentTypes.keys()];
  return typeIds.flatMap((documentTypeId) =>
    library.clausesForDocumentType(documentTypeId).filter((clause) => clauseFitsLevel(clause, options.level)).map((clause) => ({
      documentTypeId,
      clauseId: clause.id,
      rendered: renderClause(clause, options.values?.(clause.id) ?? sampleValues(clause, set), { documentTypeId }),
    })),
  );
}

/** The plain text of one rendered clause: title, body, then its commitments. */
export function blockText(block: RenderedBlock): string {
  const { rendered } = block;
  const commitments = rendered.commitments.map(
    (c) => `- ${c.text}${c.dueHint ? ` (termijn: ${c.dueHint})` : ""}\n  Evaluatie: ${c.evaluation}`,
  );
  return [
    `## ${block.documentTypeId} / ${block.clauseId}`,
    rendered.title,
    "",
    rendered.text,
    ...(commitments.length > 0 ? ["", "Afspraken:", ...commitments] : []),
  ].join("\n");
}
