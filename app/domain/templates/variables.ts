// Turning submitted form values (strings) into typed clause-variable values.
// Pure: one zod schema per variable type, with Dutch messages for the form.

import { z } from "zod";
import type { VariableDef, VariableValue, VariableValues } from "./schema";

export const TEXT_MAX_LENGTH = 500;
export const LONGTEXT_MAX_LENGTH = 5000;
export const LIST_MAX_ITEMS = 50;
export const PARTY_MAX_LENGTH = 200;

export const MESSAGES = {
  required: "Vul dit veld in.",
  textTooLong: `Gebruik hoogstens ${TEXT_MAX_LENGTH} tekens.`,
  longtextTooLong: `Gebruik hoogstens ${LONGTEXT_MAX_LENGTH} tekens.`,
  date: "Vul een geldige datum in (dd/mm/jjjj of jjjj-mm-dd).",
  schoolYearFormat: "Vul een schooljaar in zoals 2026-2027.",
  schoolYearConsecutive:
    "Een schooljaar loopt over twee opeenvolgende jaren, bijvoorbeeld 2026-2027.",
  number: "Vul een getal in.",
  integer: "Vul een geheel getal in (zonder komma).",
  choice: "Kies een van de mogelijke waarden.",
  organisation: "Kies een organisatie.",
  person: "Kies een persoon of vul een naam in.",
  partyTooLong: `Gebruik hoogstens ${PARTY_MAX_LENGTH} tekens.`,
  list: "Vul minstens één item in (één per regel).",
  listTooLong: `Gebruik hoogstens ${LIST_MAX_ITEMS} items.`,
  listItemTooLong: `Elk item mag hoogstens ${TEXT_MAX_LENGTH} tekens hebben.`,
  invalid: "Deze waarde kunnen we niet verwerken.",
} as const;

export type VariableValidationResult =
  | { ok: true; value: VariableValue | null }
  | { ok: false; message: string };

/** Raw input as it comes from a form field (FormData.get gives string | File | null). */
export type RawVariableInput = string | null | undefined;

// ---------------------------------------------------------------------------
// Helpers

const YEAR_MIN = 1990;
const YEAR_MAX = 2200;

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Parses "dd/mm/jjjj" (also with - or .) or ISO "jjjj-mm-dd"; returns ISO or null. */
export function parseDutchDate(input: string): string | null {
  const s = input.trim();
  let year: number;
  let month: number;
  let day: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const be = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
  } else if (be) {
    day = Number(be[1]);
    month = Number(be[2]);
    year = Number(be[3]);
  } else {
    return null;
  }
  if (!isValidDate(year, month, day)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Parses "2026-2027" (also with –, / or spaces); returns the canonical form or an error. */
export function parseSchoolYear(input: string): { ok: true; value: string } | { ok: false; message: string } {
  const m = /^(\d{4})\s*[-–—/]\s*(\d{4})$/.exec(input.trim());
  if (!m) return { ok: false, message: MESSAGES.schoolYearFormat };
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start < YEAR_MIN || start > YEAR_MAX) return { ok: false, message: MESSAGES.schoolYearFormat };
  if (end !== start + 1) return { ok: false, message: MESSAGES.schoolYearConsecutive };
  return { ok: true, value: `${start}-${end}` };
}

/** Parses "3", "-2", "2,5", "2.5", "1 000"; returns null when it is not a number. */
export function parseDutchNumber(input: string): number | null {
  const s = input.trim().replace(/[\s\u00a0]/g, "");
  if (!/^-?\d+(?:[.,]\d+)?$/.test(s)) return null;
  const n = Number(s.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

function formatBound(n: number): string {
  return String(n).replace(".", ",");
}

function numberRangeMessage(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined)
    return `Vul een getal in tussen ${formatBound(min)} en ${formatBound(max)}.`;
  if (min !== undefined) return `Vul een getal in van minstens ${formatBound(min)}.`;
  if (max !== undefined) return `Vul een getal in van hoogstens ${formatBound(max)}.`;
  return MESSAGES.number;
}

/** Splits list input: one item per line; leading "-", "*", "•" or "1." markers are dropped. */
export function splitListInput(input: string): string[] {
  return input
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^(?:[-*•]|\d+[.)])(?:\s+|$)/, "").trim())
    .filter((line) => line.length > 0);
}

function emptyMessage(def: VariableDef): string {
  switch (def.type) {
    case "choice":
      return MESSAGES.choice;
    case "partyOrganisation":
      return MESSAGES.organisation;
    case "partyPerson":
      return MESSAGES.person;
    case "list":
      return MESSAGES.list;
    case "date":
      return MESSAGES.date;
    case "schoolYear":
      return MESSAGES.schoolYearFormat;
    case "number":
      return numberRangeMessage(def.min, def.max);
    default:
      return MESSAGES.required;
  }
}

// ---------------------------------------------------------------------------
// One schema per type: string in, typed value out (for non-empty input)

function valueSchema(def: VariableDef): z.ZodType<VariableValue, z.ZodTypeDef, string> {
  switch (def.type) {
    case "text":
      return z
        .string()
        .transform((s) => s.replace(/\s+/g, " ").trim())
        .pipe(z.string().max(TEXT_MAX_LENGTH, MESSAGES.textTooLong));
    case "longtext":
      return z
        .string()
        .transform((s) => s.replace(/\r\n?/g, "\n").trim())
        .pipe(z.string().max(LONGTEXT_MAX_LENGTH, MESSAGES.longtextTooLong));
    case "date":
      return z.string().transform((s, ctx) => {
        const iso = parseDutchDate(s);
        if (iso === null) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: MESSAGES.date });
          return z.NEVER;
        }
        return iso;
      });
    case "schoolYear":
      return z.string().transform((s, ctx) => {
        const parsed = parseSchoolYear(s);
        if (!parsed.ok) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.message });
          return z.NEVER;
        }
        return parsed.value;
      });
    case "number": {
      const rangeMessage = numberRangeMessage(def.min, def.max);
      return z.string().transform((s, ctx) => {
        const n = parseDutchNumber(s);
        if (n === null) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: rangeMessage });
          return z.NEVER;
        }
        if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: rangeMessage });
          return z.NEVER;
        }
        if (def.integer && !Number.isInteger(n)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: MESSAGES.integer });
          return z.NEVER;
        }
        return n;
      });
    }
    case "choice":
      return z.string().transform((s, ctx) => {
        const wanted = s.trim().toLocaleLowerCase("nl-BE");
        const match = def.options.find((o) => o.toLocaleLowerCase("nl-BE") === wanted);
        if (match === undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: MESSAGES.choice });
          return z.NEVER;
        }
        return match;
      });
    case "partyOrganisation":
    case "partyPerson":
      return z
        .string()
        .transform((s) => s.replace(/\s+/g, " ").trim())
        .pipe(z.string().max(PARTY_MAX_LENGTH, MESSAGES.partyTooLong));
    case "list":
      return z
        .string()
        .transform((s) => splitListInput(s))
        .pipe(
          z
            .array(z.string().max(TEXT_MAX_LENGTH, MESSAGES.listItemTooLong))
            .min(1, MESSAGES.list)
            .max(LIST_MAX_ITEMS, MESSAGES.listTooLong),
        );
  }
}

function isBlank(def: VariableDef, raw: string): boolean {
  return def.type === "list" ? splitListInput(raw).length === 0 : raw.trim().length === 0;
}

/**
 * Validates one submitted value. Empty input gives `null` for an optional variable and a
 * Dutch message for a required one.
 */
export function validateVariableValue(
  def: VariableDef,
  raw: RawVariableInput,
): VariableValidationResult {
  if (raw !== null && raw !== undefined && typeof raw !== "string") {
    return { ok: false, message: MESSAGES.invalid };
  }
  const input = raw ?? "";
  if (isBlank(def, input)) {
    return def.required ? { ok: false, message: emptyMessage(def) } : { ok: true, value: null };
  }
  const result = valueSchema(def).safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? MESSAGES.invalid };
}

export type VariableValuesResult =
  | { ok: true; values: Record<string, VariableValue | null> }
  | {
      ok: false;
      values: Record<string, VariableValue | null>;
      /** Dutch message per variable name, for showing next to the field. */
      errors: Record<string, string>;
    };

/** Validates all variables of a clause at once (e.g. from a form's entries). */
export function validateVariableValues(
  defs: readonly VariableDef[],
  raw: Readonly<Record<string, RawVariableInput>>,
): VariableValuesResult {
  const values: Record<string, VariableValue | null> = {};
  const errors: Record<string, string> = {};
  for (const def of defs) {
    const result = validateVariableValue(def, raw[def.name]);
    if (result.ok) values[def.name] = result.value;
    else errors[def.name] = result.message;
  }
  return Object.keys(errors).length === 0 ? { ok: true, values } : { ok: false, values, errors };
}

/**
 * The form representation of a typed value (to prefill an input): dates as dd/mm/jjjj,
 * numbers with a decimal comma, lists one item per line.
 */
export function variableValueToRaw(def: VariableDef, value: VariableValue | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join("\n");
  if (typeof value === "number") return String(value).replace(".", ",");
  if (def.type === "date") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  return value;
}

/** The variable's default from the template, in form representation ("" when none). */
export function defaultRawValue(def: VariableDef): string {
  if (def.default === undefined) return "";
  if (Array.isArray(def.default)) return def.default.join("\n");
  return String(def.default);
}

/** Checked defaults per variable (only variables whose default validates). */
export function defaultValues(defs: readonly VariableDef[]): VariableValues {
  const out: Record<string, VariableValue | null> = {};
  for (const def of defs) {
    if (def.default === undefined) continue;
    const result = validateVariableValue(def, defaultRawValue(def));
    if (result.ok) out[def.name] = result.value;
  }
  return out;
}

/**
 * Values that come from the agreement itself (variables with `fromAgreement`): its first or last
 * school year, or its number of school years. Only values that pass the variable's own checks.
 */
export function agreementValues(
  defs: readonly VariableDef[],
  agreement: { schoolYear: string; yearCount: number },
): VariableValues {
  const out: Record<string, VariableValue> = {};
  for (const def of defs) {
    let raw: string | undefined;
    if (def.type === "schoolYear" && def.fromAgreement !== undefined) {
      const first = parseSchoolYear(agreement.schoolYear);
      if (!first.ok) continue;
      const start = Number(first.value.slice(0, 4)) + (def.fromAgreement === "lastSchoolYear" ? agreement.yearCount - 1 : 0);
      raw = `${start}-${start + 1}`;
    } else if (def.type === "number" && def.fromAgreement === "yearCount") {
      raw = String(agreement.yearCount);
    }
    if (raw === undefined) continue;
    const result = validateVariableValue(def, raw);
    if (result.ok && result.value !== null) out[def.name] = result.value;
  }
  return out;
}

/** Type guard for values read back from storage (JSON). */
export function isVariableValue(value: unknown): value is VariableValue {
  return (
    typeof value === "string" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    (Array.isArray(value) && value.every((v) => typeof v === "string"))
  );
}

/**
 * Re-checks values read back from storage (JSON) against the current definitions: each
 * value goes through its form representation and the validator again. Values that no
 * longer fit (e.g. a choice option that was renamed) are dropped, so they show up as
 * "nog in te vullen".
 */
export function revalidateStoredValues(
  defs: readonly VariableDef[],
  stored: unknown,
): Record<string, VariableValue | null> {
  const out: Record<string, VariableValue | null> = {};
  if (typeof stored !== "object" || stored === null) return out;
  const record = stored as Record<string, unknown>;
  for (const def of defs) {
    const v = record[def.name];
    if (v === null && !def.required) {
      out[def.name] = null;
    } else if (isVariableValue(v)) {
      const result = validateVariableValue(def, variableValueToRaw(def, v));
      if (result.ok) out[def.name] = result.value;
    }
  }
  return out;
}
