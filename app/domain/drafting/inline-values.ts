// A clause body as a fill-in text: the words as they stand, and at each
// `{{name}}` the place where that value is typed in. Pure: the draft page
// renders the lines with inputs in them, so a value is filled in where it
// stands in the text, not in a separate form.
import { PLACEHOLDER_PATTERN, renderClauseText } from "~/domain/templates/render";
import type { VariableDef, VariableValues } from "~/domain/templates/schema";

export type InlinePart =
  | { kind: "text"; text: string }
  /** The first place of a variable in the clause: an input there. */
  | { kind: "input"; name: string }
  /** A later place of the same variable: the value as the text shows it. */
  | { kind: "value"; name: string; text: string };

export type InlineLine = { bullet: boolean; parts: InlinePart[] };

/**
 * The non-empty lines of a clause body split into text and value places.
 * Lines starting with "- " are list items (as ClauseText shows them).
 */
export function inlineLines(body: string, values: VariableValues, variables: readonly VariableDef[]): InlineLine[] {
  const seen = new Set<string>();
  const lines: InlineLine[] = [];
  for (const raw of body.replace(/\r\n?/g, "\n").split("\n")) {
    if (!raw.trim()) continue;
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(raw);
    const line = bullet ? bullet[1]! : raw.trim();
    const parts: InlinePart[] = [];
    let last = 0;
    for (const match of line.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, "g"))) {
      const name = match[1]!;
      if (match.index > last) parts.push({ kind: "text", text: line.slice(last, match.index) });
      if (seen.has(name)) parts.push({ kind: "value", name, text: renderClauseText(`{{${name}}}`, values, { variables }).text });
      else parts.push({ kind: "input", name });
      seen.add(name);
      last = match.index + match[0].length;
    }
    if (last < line.length) parts.push({ kind: "text", text: line.slice(last) });
    lines.push({ bullet: !!bullet, parts });
  }
  return lines;
}
