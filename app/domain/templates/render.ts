// Rendering clause texts: `{{name}}` placeholders are replaced by formatted values.
// Pure; the output is plain text (the clause bodies are Markdown-like text), never HTML.

import { countOf, formatNumberNlBe, type NounForms } from "~/domain/language/count";
import {
  commitmentsForDocumentType,
  type ClauseTemplate,
  type Commitment,
  type DocumentType,
  type GlossaryEntry,
  type VariableDef,
  type VariableValue,
  type VariableValues,
} from "./schema";

/** Matches a well-formed placeholder; group 1 is the variable name. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([a-z][a-zA-Z0-9]*)\s*\}\}/g;

/** Names used in a text, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
    const name = m[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

export interface ValueFormatters {
  /** ISO "yyyy-mm-dd" → shown date. */
  date(iso: string): string;
  number(value: number, def?: VariableDef): string;
  /** A list inside a sentence. */
  listInline(items: readonly string[]): string;
  /** A list on its own line(s); `indent` is the placeholder line's leading whitespace. */
  listBlock(items: readonly string[], indent: string): string;
  text(value: string): string;
}

/** "a", "a en b", "a, b en c". */
export function joinDutch(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} en ${items[items.length - 1]}`;
}

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

/**
 * ISO "2027-01-11" → "11 januari 2027": written out, as plain language asks (a parent does not
 * have to guess whether 1/9 is September or January). Other input is returned as is.
 */
export function formatDateNlBe(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || month === undefined) return iso;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

/** The unit of a number variable in its two forms (a plain text unit is plural-only: min ≥ 2). */
function unitForms(def: VariableDef | undefined): NounForms | null {
  if (def?.type !== "number" || def.unit === undefined) return null;
  return typeof def.unit === "string" ? { one: def.unit, other: def.unit } : def.unit;
}

export const defaultFormatters: ValueFormatters = {
  date: formatDateNlBe,
  // "één schooljaar", "drie weken", "15 werkdagen", "250 euro"; without a unit: digits.
  number: (value, def) => {
    const unit = unitForms(def);
    return unit ? countOf(value, unit) : formatNumberNlBe(value);
  },
  listInline: joinDutch,
  listBlock: (items, indent) => items.map((item) => `${indent}- ${item}`).join("\n"),
  text: (value) => value,
};

export function missingMarker(label: string): string {
  return `[nog in te vullen: ${label}]`;
}

export interface RenderOptions {
  /** The clause's variable definitions: give labels for missing values and types for formatting. */
  variables?: readonly VariableDef[];
  formatters?: Partial<ValueFormatters>;
}

export interface RenderResult {
  text: string;
  /** Names of placeholders without a value (in order of appearance, no duplicates). */
  missing: string[];
}

function isEmptyValue(value: VariableValue | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim().length === 0;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function formatInline(
  value: VariableValue,
  def: VariableDef | undefined,
  f: ValueFormatters,
): string {
  if (Array.isArray(value)) return f.listInline(value);
  if (typeof value === "number") return f.number(value, def);
  if (def?.type === "date" || (def === undefined && /^\d{4}-\d{2}-\d{2}$/.test(value))) {
    return f.date(value);
  }
  // Multi-line text inside a sentence: keep it on one line.
  return f.text(def?.type === "longtext" ? value.replace(/\s*\n\s*/g, " ") : value);
}

/**
 * Replaces `{{name}}` by the formatted value. A missing value of a required (or unknown)
 * variable becomes "[nog in te vullen: Label]" and is listed in `missing`. An optional
 * variable without a value takes its line with it: a sentence without its value makes no
 * sense. When such a placeholder stood alone on its line, the lead-in line before it that
 * ends with a colon goes too ("Wij houden u op de hoogte via:"). A list whose placeholder
 * stands alone on a line becomes bullet lines.
 */
export function renderClauseText(
  body: string,
  values: VariableValues,
  options: RenderOptions = {},
): RenderResult {
  const f: ValueFormatters = { ...defaultFormatters, ...options.formatters };
  const defs = new Map((options.variables ?? []).map((d) => [d.name, d] as const));
  const missing: string[] = [];

  const resolve = (name: string): { kind: "value"; value: VariableValue } | { kind: "empty" } | { kind: "missing" } => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value !== null && value !== undefined && !isEmptyValue(value)) return { kind: "value", value };
    const def = defs.get(name);
    if (def !== undefined && !def.required) return { kind: "empty" };
    if (!missing.includes(name)) missing.push(name);
    return { kind: "missing" };
  };
  const labelOf = (name: string) => defs.get(name)?.label ?? name;

  const out: string[] = [];
  let dropped = false;
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    const alone = /^(\s*)\{\{\s*([a-z][a-zA-Z0-9]*)\s*\}\}\s*$/.exec(line);
    if (alone) {
      const indent = alone[1] ?? "";
      const name = alone[2] ?? "";
      const r = resolve(name);
      if (r.kind === "empty") {
        dropLeadIn(out);
        dropped = true;
        continue;
      }
      if (r.kind === "missing") {
        out.push(`${indent}${missingMarker(labelOf(name))}`);
        continue;
      }
      const def = defs.get(name);
      if (Array.isArray(r.value)) out.push(f.listBlock(r.value, indent));
      else if (typeof r.value === "string" && r.value.includes("\n"))
        out.push(
          r.value
            .split("\n")
            .map((l) => indent + f.text(l))
            .join("\n"),
        );
      else out.push(indent + formatInline(r.value, def, f));
      continue;
    }
    let emptyOptional = false;
    const rendered = line.replace(PLACEHOLDER_PATTERN, (_match, name: string) => {
      const r = resolve(name);
      if (r.kind === "empty") {
        emptyOptional = true;
        return "";
      }
      if (r.kind === "missing") return missingMarker(labelOf(name));
      return formatInline(r.value, defs.get(name), f);
    });
    if (emptyOptional) dropped = true;
    else out.push(rendered);
  }
  const text = out.join("\n");
  // Where lines were dropped, no gap of more than one blank line is left behind.
  return { text: dropped ? text.replace(/\n{3,}/g, "\n\n").trim() : text, missing };
}

/** Removes the lead-in ("… via:") of a list that turned out empty, with the blank lines after it. */
function dropLeadIn(out: string[]): void {
  let i = out.length - 1;
  while (i >= 0 && out[i]!.trim() === "") i--;
  if (i >= 0 && out[i]!.trimEnd().endsWith(":")) out.splice(i);
}

export interface RenderedCommitment {
  id: string;
  text: string;
  bearer: string;
  rasci: Commitment["rasci"];
  cadence: Commitment["cadence"];
  evaluation: string;
  dueHint?: string;
  missing: string[];
}

/** Renders a commitment's text, evaluation and due hint with the clause's values. */
export function renderCommitment(
  commitment: Commitment,
  values: VariableValues,
  options: RenderOptions = {},
): RenderedCommitment {
  const text = renderClauseText(commitment.text, values, options);
  const due =
    commitment.dueHint === undefined ? undefined : renderClauseText(commitment.dueHint, values, options);
  const evaluation = renderClauseText(commitment.evaluation, values, options);
  const missing = [...text.missing];
  for (const name of [...evaluation.missing, ...(due?.missing ?? [])])
    if (!missing.includes(name)) missing.push(name);
  return {
    id: commitment.id,
    text: text.text,
    bearer: commitment.bearer,
    rasci: commitment.rasci,
    cadence: commitment.cadence,
    evaluation: evaluation.text,
    ...(due === undefined ? {} : { dueHint: due.text }),
    missing,
  };
}

export interface RenderedClause {
  id: string;
  version: number;
  title: string;
  section: string;
  text: string;
  commitments: RenderedCommitment[];
  /** Missing variable names across text and commitments. */
  missing: string[];
}

/**
 * Renders a whole clause for one document type: the body plus the commitments that
 * apply in that type (all commitments when no type is given).
 */
export function renderClause(
  clause: ClauseTemplate,
  values: VariableValues,
  options: { documentTypeId?: string; formatters?: Partial<ValueFormatters> } = {},
): RenderedClause {
  const renderOptions: RenderOptions = { variables: clause.variables, formatters: options.formatters };
  const body = renderClauseText(clause.body, values, renderOptions);
  const commitments = (
    options.documentTypeId === undefined
      ? clause.commitments
      : commitmentsForDocumentType(clause, options.documentTypeId)
  ).map((c) => renderCommitment(c, values, renderOptions));
  const missing = [...body.missing];
  for (const c of commitments) for (const name of c.missing) if (!missing.includes(name)) missing.push(name);
  return {
    id: clause.id,
    version: clause.version,
    title: clause.title,
    section: clause.section,
    text: body.text,
    commitments,
    missing,
  };
}

// ---------------------------------------------------------------------------
// Document titles

/** Placeholders allowed in a document type's title pattern (besides {party:<role>}). */
export const TITLE_PLACEHOLDERS = ["schoolYear", "period"] as const;

/** Names inside single braces in a title pattern, e.g. ["schoolYear", "party:school"]. */
export function titlePlaceholdersIn(pattern: string): string[] {
  return [...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? "");
}

/** "2026-2027" + 3 → "2026-2027 t/m 2028-2029"; 1 year → "2026-2027". */
export function describePeriod(startSchoolYear: string, years: number): string {
  const m = /^(\d{4})-(\d{4})$/.exec(startSchoolYear);
  if (!m || years <= 1) return startSchoolYear;
  const lastStart = Number(m[1]) + years - 1;
  return `${startSchoolYear} t/m ${lastStart}-${lastStart + 1}`;
}

export interface TitleContext {
  /** The (first) school year, "2026-2027". */
  schoolYear?: string;
  /** Number of school years (default: the type's default). */
  years?: number;
  /** Organisation names per party role id. */
  parties?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Fills a document type's title pattern: {schoolYear}, {period} and {party:<role>}
 * (several organisations in one role are joined as "a, b en c").
 */
export function renderDocumentTitle(documentType: DocumentType, context: TitleContext): string {
  const years = context.years ?? documentType.period.defaultYears;
  return documentType.titlePattern.replace(/\{([^{}]*)\}/g, (_m, key: string) => {
    if (key === "schoolYear") return context.schoolYear ?? missingMarker("schooljaar");
    if (key === "period")
      return context.schoolYear ? describePeriod(context.schoolYear, years) : missingMarker("periode");
    if (key.startsWith("party:")) {
      const roleId = key.slice("party:".length);
      const names = context.parties?.[roleId] ?? [];
      const label = documentType.parties.find((p) => p.id === roleId)?.label ?? roleId;
      return names.length > 0 ? joinDutch(names) : missingMarker(label);
    }
    return `{${key}}`;
  });
}

// ---------------------------------------------------------------------------
// Glossary

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Glossary entries whose term or an alias occurs in the text (whole words, any case). */
export function glossaryTermsIn(text: string, glossary: readonly GlossaryEntry[]): GlossaryEntry[] {
  return glossary.filter((entry) =>
    [entry.term, ...entry.aliases].some((word) =>
      new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(word)}(?=$|[^\\p{L}\\p{N}])`, "iu").test(text),
    ),
  );
}
