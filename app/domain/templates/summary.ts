// A clause in a few plain sentences, for the clause library: its text rendered with the
// values a draft has (or the clause's defaults), "…" where nothing is filled in yet, on one
// line and cut at a word. Never a raw {{placeholder}}. Pure.
import { renderClauseText } from "./render";
import type { ClauseTemplate, VariableValue, VariableValues } from "./schema";
import { defaultValues } from "./variables";

export const SUMMARY_GAP = "…";

/** The clause's text with `values` (missing ones become "…"), as one line of at most `maxLength` characters. */
export function clauseSummary(
  clause: Pick<ClauseTemplate, "body" | "variables">,
  values: VariableValues = {},
  maxLength = 280,
): string {
  const filled: Record<string, VariableValue | null | undefined> = { ...defaultValues(clause.variables) };
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null) filled[name] = value;
  for (const def of clause.variables) {
    const value = filled[def.name];
    const empty = value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
    if (empty && def.required) filled[def.name] = def.type === "list" ? [SUMMARY_GAP] : SUMMARY_GAP;
  }
  const { text } = renderClauseText(clause.body, filled, { variables: clause.variables });
  return cut(oneLine(text), maxLength);
}

/** Paragraphs become sentences on one line; list items follow their lead-in, separated by semicolons. */
function oneLine(text: string): string {
  let out = "";
  let inList = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const item = /^[-*]\s+(.*)$/.exec(line);
    if (item) {
      out += inList ? `; ${item[1]}` : ` ${item[1]}`;
      inList = true;
    } else {
      out = `${inList ? endSentence(out) : out} ${line}`;
      inList = false;
    }
  }
  return (inList ? endSentence(out) : out).replace(/\s+/g, " ").trim();
}

function endSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const head = text.slice(0, maxLength);
  const space = head.lastIndexOf(" ");
  return `${(space > maxLength / 2 ? head.slice(0, space) : head).replace(/[\s,;:.]+$/, "")}…`;
}
