import { clauseFitsLevel, type ClauseTemplate, type EducationLevel } from "~/domain/templates/schema";

/**
 * Case- and accent-insensitive search in a clause's title, text and note; with a level, only
 * the clauses that fit it.
 */
export function searchClauses(
  clauses: readonly ClauseTemplate[],
  query: { text?: string; section?: string; bouwsteen?: string; level?: EducationLevel },
): ClauseTemplate[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const words = fold(query.text ?? "").split(/\s+/).filter(Boolean);
  return clauses.filter((clause) => {
    if (!clauseFitsLevel(clause, query.level)) return false;
    if (query.section && clause.section !== query.section) return false;
    if (query.bouwsteen && clause.bouwsteen !== query.bouwsteen) return false;
    const haystack = fold(`${clause.title} ${clause.body} ${clause.note ?? ""}`);
    return words.every((w) => haystack.includes(w));
  });
}
