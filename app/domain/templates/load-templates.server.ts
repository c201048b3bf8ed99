// Loads the clause library from templates/: document types (document-types/*.yaml),
// clause templates (clauses/*.md with YAML front matter) and glossary.yaml.
// Everything is validated with zod and cross-checked; all problems are collected, each
// naming the file and the field, e.g.
//   templates/clauses/clb-bereikbaarheid.md: variables[1].type: ongeldige waarde "datum"

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { ZodError, ZodIssue } from "zod";
import { placeholdersIn, TITLE_PLACEHOLDERS, titlePlaceholdersIn } from "./render";
import {
  clauseFitsLevel,
  clauseFrontMatterSchema,
  commitmentsForDocumentType,
  DOCUMENT_TYPE_IDS,
  documentTypeSchema,
  EDUCATION_LEVELS,
  LEAN_MAX_CLAUSES,
  glossarySchema,
  type ClauseTemplate,
  type DocumentType,
  type GlossaryEntry,
  type TemplateLibrary,
  UNBOUNDED,
} from "./schema";
import { defaultRawValue, validateVariableValue } from "./variables";

export class TemplateLibraryError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `De sjablonen bevatten ${problems.length} ${problems.length === 1 ? "probleem" : "problemen"}:\n` +
        problems.map((p) => `- ${p}`).join("\n"),
    );
    this.name = "TemplateLibraryError";
    this.problems = problems;
  }
}

export function defaultTemplatesDir(): string {
  return path.resolve(process.cwd(), "templates");
}

// ---------------------------------------------------------------------------
// Reporting

/** Formats a zod path as `variables[1].type`. */
export function formatPath(p: readonly (string | number)[]): string {
  let out = "";
  for (const part of p) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

function valueAt(data: unknown, p: readonly (string | number)[]): unknown {
  let cur: unknown = data;
  for (const part of p) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

function show(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  if (value === undefined) return "niets";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: "tekst",
  number: "getal",
  integer: "geheel getal",
  boolean: "true of false",
  array: "lijst",
  object: "object",
  null: "leeg",
  undefined: "niets",
  date: "datum",
};

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? t;
}

/** One Dutch line per zod issue: "field.path: message". */
function describeIssues(error: ZodError, data: unknown): string[] {
  const lines: string[] = [];
  const push = (p: readonly (string | number)[], message: string) =>
    lines.push(`${formatPath(p) || "(bestand)"}: ${message}`);
  for (const issue of error.issues) describeIssue(issue, data, push);
  return lines;
}

function describeIssue(
  issue: ZodIssue,
  data: unknown,
  push: (p: readonly (string | number)[], message: string) => void,
): void {
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined") push(issue.path, "ontbreekt");
      else
        push(
          issue.path,
          `verwacht ${typeName(issue.expected)}, maar kreeg ${typeName(issue.received)} (${show(valueAt(data, issue.path))})`,
        );
      return;
    case "invalid_enum_value":
      push(
        issue.path,
        `ongeldige waarde ${show(issue.received)} (mogelijk: ${issue.options.map(String).join(", ")})`,
      );
      return;
    case "invalid_union_discriminator": {
      const value = valueAt(data, issue.path);
      push(
        issue.path,
        value === undefined
          ? `ontbreekt (mogelijk: ${issue.options.map(String).join(", ")})`
          : `ongeldige waarde ${show(value)} (mogelijk: ${issue.options.map(String).join(", ")})`,
      );
      return;
    }
    case "invalid_literal":
      push(issue.path, `moet ${show(issue.expected)} zijn, maar is ${show(issue.received)}`);
      return;
    case "unrecognized_keys":
      for (const key of issue.keys) push([...issue.path, key], "onbekend veld");
      return;
    case "too_small":
      if (issue.type === "array") push(issue.path, `moet minstens ${issue.minimum} element(en) hebben`);
      else if (issue.type === "string")
        push(issue.path, Number(issue.minimum) <= 1 ? "mag niet leeg zijn" : `moet minstens ${issue.minimum} tekens hebben`);
      else push(issue.path, issue.message.startsWith("moet") ? issue.message : `moet minstens ${issue.minimum} zijn`);
      return;
    case "too_big":
      if (issue.type === "array") push(issue.path, `mag hoogstens ${issue.maximum} element(en) hebben`);
      else if (issue.type === "string") push(issue.path, `mag hoogstens ${issue.maximum} tekens hebben`);
      else push(issue.path, `mag hoogstens ${issue.maximum} zijn`);
      return;
    case "invalid_string":
      push(issue.path, `${issue.message} (nu: ${show(valueAt(data, issue.path))})`);
      return;
    case "invalid_union": {
      // A schema's own errorMap says what is expected (e.g. a party role's max).
      const expected = issue.message === "Invalid input" ? "" : ` (${issue.message})`;
      const value = valueAt(data, issue.path);
      push(issue.path, value === undefined ? `ontbreekt${expected}` : `ongeldige waarde ${show(value)}${expected}`);
      return;
    }
    default:
      push(issue.path, issue.message);
  }
}

// ---------------------------------------------------------------------------
// Reading files

interface SourceFile {
  /** Label for messages: "templates/clauses/x.md". */
  label: string;
  absolute: string;
  content: string;
}

function listFiles(dir: string, ext: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(ext) && !name.startsWith("."))
    .sort();
}

function parseYaml(text: string, label: string, problems: string[], lineOffset = 0): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = err.linePos?.[0]?.line;
      const where = line === undefined ? "" : ` op regel ${line + lineOffset}`;
      problems.push(`${label}: YAML-fout${where}: ${err.message.split("\n")[0]}`);
    }
    return undefined;
  }
  return doc.toJS();
}

/** Splits "---\n<yaml>\n---\n<body>". Returns null when there is no front matter. */
export function splitFrontMatter(content: string): { frontMatter: string; body: string } | null {
  const text = content.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (!text.startsWith("---\n")) return null;
  const end = text.indexOf("\n---", 3);
  if (end === -1) return null;
  const afterMarker = text.slice(end + 4);
  if (afterMarker !== "" && !afterMarker.startsWith("\n")) return null;
  return {
    frontMatter: text.slice(4, end + 1),
    body: afterMarker.replace(/^\n/, "").trim(),
  };
}

// ---------------------------------------------------------------------------
// Loading + checking

interface LoadResult {
  library: TemplateLibrary | null;
  problems: string[];
}

function loadAndCheck(dirInput?: string): LoadResult {
  const dir = path.resolve(dirInput ?? defaultTemplatesDir());
  const root = path.basename(dir);
  const labelOf = (...parts: string[]) => [root, ...parts].join("/");
  const problems: string[] = [];

  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { library: null, problems: [`${root}: map met sjablonen niet gevonden (${dir})`] };
  }

  const read = (sub: string, name: string): SourceFile => {
    const absolute = path.join(dir, sub, name);
    return { label: labelOf(...(sub ? [sub] : []), name), absolute, content: readFileSync(absolute, "utf8") };
  };

  // --- document types
  const documentTypes = new Map<string, DocumentType>();
  const docFiles = listFiles(path.join(dir, "document-types"), ".yaml");
  if (docFiles.length === 0) problems.push(`${labelOf("document-types")}: geen documenttypes gevonden`);
  for (const name of docFiles) {
    const file = read("document-types", name);
    const data = parseYaml(file.content, file.label, problems);
    if (data === undefined) continue;
    const parsed = documentTypeSchema.safeParse(data);
    if (!parsed.success) {
      for (const line of describeIssues(parsed.error, data)) problems.push(`${file.label}: ${line}`);
      continue;
    }
    const dt = parsed.data;
    const expectedId = name.replace(/\.yaml$/, "");
    if (dt.id !== expectedId) problems.push(`${file.label}: id: "${dt.id}" moet gelijk zijn aan de bestandsnaam "${expectedId}"`);
    if (documentTypes.has(dt.id)) {
      problems.push(`${file.label}: id: documenttype "${dt.id}" bestaat al`);
      continue;
    }
    checkDocumentTypeShape(dt, file.label, problems);
    documentTypes.set(dt.id, dt);
  }
  for (const id of DOCUMENT_TYPE_IDS) {
    if (!documentTypes.has(id) && !docFiles.includes(`${id}.yaml`))
      problems.push(`${labelOf("document-types", `${id}.yaml`)}: documenttype "${id}" ontbreekt`);
  }

  // --- clauses
  const clauses = new Map<string, ClauseTemplate>();
  const clauseFiles = listFiles(path.join(dir, "clauses"), ".md");
  if (clauseFiles.length === 0) problems.push(`${labelOf("clauses")}: geen clausules gevonden`);
  for (const name of clauseFiles) {
    const file = read("clauses", name);
    const split = splitFrontMatter(file.content);
    if (split === null) {
      problems.push(`${file.label}: geen front matter gevonden (het bestand moet beginnen met een blok tussen --- en ---)`);
      continue;
    }
    const data = parseYaml(split.frontMatter, file.label, problems, 1);
    if (data === undefined) continue;
    const parsed = clauseFrontMatterSchema.safeParse(data);
    if (!parsed.success) {
      for (const line of describeIssues(parsed.error, data)) problems.push(`${file.label}: ${line}`);
      continue;
    }
    const expectedId = name.replace(/\.md$/, "");
    const fm = parsed.data;
    if (fm.id !== expectedId) problems.push(`${file.label}: id: "${fm.id}" moet gelijk zijn aan de bestandsnaam "${expectedId}"`);
    if (split.body.length === 0) problems.push(`${file.label}: (tekst): de clausule heeft geen tekst onder de front matter`);
    const clause: ClauseTemplate = {
      ...fm,
      body: split.body,
      file: file.label,
      contentHash: createHash("sha256").update(file.content).digest("hex"),
    };
    checkClause(clause, documentTypes, problems);
    if (clauses.has(fm.id)) problems.push(`${file.label}: id: clausule "${fm.id}" bestaat al`);
    else clauses.set(fm.id, clause);
  }

  // --- default clauses per document type (needs the clauses)
  for (const dt of documentTypes.values()) {
    const label = labelOf("document-types", `${dt.id}.yaml`);
    checkClauseSet(dt, "defaultClauses", dt.defaultClauses, clauses, label, problems);
    if (dt.leanClauses !== undefined) checkLeanClauses(dt, dt.leanClauses, clauses, label, problems);
  }

  // --- glossary
  let glossary: GlossaryEntry[] = [];
  const glossaryPath = path.join(dir, "glossary.yaml");
  if (!existsSync(glossaryPath)) {
    problems.push(`${labelOf("glossary.yaml")}: bestand ontbreekt`);
  } else {
    const file = read("", "glossary.yaml");
    const data = parseYaml(file.content, file.label, problems);
    if (data !== undefined) {
      const parsed = glossarySchema.safeParse(data);
      if (!parsed.success) {
        for (const line of describeIssues(parsed.error, data)) problems.push(`${file.label}: ${line}`);
      } else {
        glossary = parsed.data;
        checkGlossary(glossary, file.label, problems);
      }
    }
  }

  if (problems.length > 0) return { library: null, problems };
  return { library: buildLibrary(dir, documentTypes, clauses, glossary), problems };
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dups.add(v);
    seen.add(v);
  }
  return [...dups];
}

function checkDocumentTypeShape(dt: DocumentType, label: string, problems: string[]): void {
  for (const id of duplicates(dt.parties.map((p) => p.id))) problems.push(`${label}: parties: rol "${id}" komt meer dan één keer voor`);
  for (const id of duplicates(dt.sections.map((s) => s.id))) problems.push(`${label}: sections: sectie "${id}" komt meer dan één keer voor`);
  for (const id of duplicates(dt.defaultClauses)) problems.push(`${label}: defaultClauses: clausule "${id}" komt meer dan één keer voor`);
  for (const id of duplicates(dt.leanClauses ?? [])) problems.push(`${label}: leanClauses: clausule "${id}" komt meer dan één keer voor`);
  dt.parties.forEach((p, i) => {
    if (p.max !== UNBOUNDED && p.max < p.min)
      problems.push(`${label}: parties[${i}].max: ${p.max} is kleiner dan min (${p.min})`);
    if (p.signs && p.signatoryFunctions.length === 0)
      problems.push(`${label}: parties[${i}].signatoryFunctions: noem minstens één functie die ondertekent`);
  });
  if (!dt.parties.some((p) => p.signs)) problems.push(`${label}: parties: minstens één partij moet ondertekenen (signs: true)`);
  if (dt.period.kind === "meerdere-schooljaren" && dt.period.maxYears !== undefined && dt.period.maxYears < dt.period.defaultYears)
    problems.push(`${label}: period.maxYears: ${dt.period.maxYears} is kleiner dan defaultYears (${dt.period.defaultYears})`);
  const roles = new Set(dt.parties.map((p) => p.id));
  for (const key of titlePlaceholdersIn(dt.titlePattern)) {
    if ((TITLE_PLACEHOLDERS as readonly string[]).includes(key)) continue;
    if (key.startsWith("party:") && roles.has(key.slice(6))) continue;
    problems.push(
      `${label}: titlePattern: onbekende plaatshouder "{${key}}" (mogelijk: {schoolYear}, {period}, ${[...roles].map((r) => `{party:${r}}`).join(", ")})`,
    );
  }
}

function checkClause(clause: ClauseTemplate, documentTypes: ReadonlyMap<string, DocumentType>, problems: string[]): void {
  const label = clause.file;
  const p = (field: string, message: string) => problems.push(`${label}: ${field}: ${message}`);

  // Document types and the section.
  for (const id of duplicates(clause.documentTypes)) p("documentTypes", `"${id}" komt meer dan één keer voor`);
  const types: DocumentType[] = [];
  clause.documentTypes.forEach((id, i) => {
    const dt = documentTypes.get(id);
    if (dt === undefined) {
      p(`documentTypes[${i}]`, `onbekend documenttype "${id}" (mogelijk: ${[...documentTypes.keys()].join(", ")})`);
      return;
    }
    types.push(dt);
    if (!dt.sections.some((s) => s.id === clause.section))
      p("section", `onbekende sectie "${clause.section}" in documenttype "${id}" (mogelijk: ${dt.sections.map((s) => s.id).join(", ")})`);
  });
  const rolesIn = (dt: DocumentType) => new Set(dt.parties.map((r) => r.id));

  // Variables.
  for (const name of duplicates(clause.variables.map((v) => v.name))) p("variables", `variabele "${name}" komt meer dan één keer voor`);
  clause.variables.forEach((v, i) => {
    const at = `variables[${i}]`;
    if (v.type === "partyOrganisation" || v.type === "partyPerson") {
      for (const dt of types)
        if (!rolesIn(dt).has(v.partyRole)) p(`${at}.partyRole`, `rol "${v.partyRole}" bestaat niet in documenttype "${dt.id}"`);
    }
    if (v.type === "number" && v.min !== undefined && v.max !== undefined && v.min > v.max)
      p(`${at}.max`, `${v.max} is kleiner dan min (${v.min})`);
    if (v.type === "choice")
      for (const o of duplicates(v.options)) p(`${at}.options`, `keuze "${o}" komt meer dan één keer voor`);
    if (v.default !== undefined) {
      const result = validateVariableValue(v, defaultRawValue(v));
      if (!result.ok) p(`${at}.default`, `ongeldige standaardwaarde ${show(v.default)}: ${result.message}`);
    }
  });

  // Placeholders: malformed, undeclared, unused.
  const texts: { field: string; text: string }[] = [{ field: "(tekst)", text: clause.body }];
  clause.commitments.forEach((c, i) => {
    texts.push({ field: `commitments[${i}].text`, text: c.text });
    texts.push({ field: `commitments[${i}].evaluation`, text: c.evaluation });
    if (c.dueHint !== undefined) texts.push({ field: `commitments[${i}].dueHint`, text: c.dueHint });
  });
  const declared = new Set(clause.variables.map((v) => v.name));
  const used = new Set<string>();
  for (const { field, text } of texts) {
    for (const m of text.matchAll(/\{\{([^}]*)\}\}/g)) {
      if (!/^\s*[a-z][a-zA-Z0-9]*\s*$/.test(m[1] ?? "")) p(field, `ongeldige plaatshouder "${m[0]}" (gebruik {{naamInCamelCase}})`);
    }
    for (const name of placeholdersIn(text)) {
      used.add(name);
      if (!declared.has(name)) p(field, `variabele "{{${name}}}" wordt gebruikt maar is niet gedeclareerd in variables`);
    }
  }
  clause.variables.forEach((v, i) => {
    if (!used.has(v.name)) p(`variables[${i}].name`, `variabele "${v.name}" is gedeclareerd maar wordt nergens gebruikt`);
  });

  // Commitments.
  for (const id of duplicates(clause.commitments.map((c) => c.id))) p("commitments", `afspraak "${id}" komt meer dan één keer voor`);
  clause.commitments.forEach((c, i) => {
    const at = `commitments[${i}]`;
    let applicable = types;
    if (c.documentTypes !== undefined) {
      c.documentTypes.forEach((id, j) => {
        if (!clause.documentTypes.includes(id))
          p(`${at}.documentTypes[${j}]`, `"${id}" staat niet in de documentTypes van de clausule`);
      });
      applicable = types.filter((dt) => c.documentTypes?.includes(dt.id));
    }
    for (const dt of applicable) {
      const roles = rolesIn(dt);
      if (!roles.has(c.bearer)) p(`${at}.bearer`, `rol "${c.bearer}" bestaat niet in documenttype "${dt.id}"`);
      else if (c.each && dt.parties.find((r) => r.id === c.bearer)?.max === 1)
        p(`${at}.each`, `rol "${c.bearer}" heeft in documenttype "${dt.id}" hoogstens één partij: "each" heeft geen zin`);
      for (const role of Object.keys(c.rasci))
        if (!roles.has(role)) p(`${at}.rasci.${role}`, `rol "${role}" bestaat niet in documenttype "${dt.id}"`);
    }
    // Dates and cadences taken from the clause's own variables.
    if (c.dueFrom !== undefined && clause.variables.find((v) => v.name === c.dueFrom)?.type !== "date")
      p(`${at}.dueFrom`, `"${c.dueFrom}" is geen datumvariabele van deze clausule`);
    if (c.cadenceFrom !== undefined) {
      const choice = clause.variables.find((v) => v.name === c.cadenceFrom?.variable);
      if (choice?.type !== "choice") p(`${at}.cadenceFrom.variable`, `"${c.cadenceFrom.variable}" is geen keuzevariabele van deze clausule`);
      else
        for (const option of Object.keys(c.cadenceFrom.options))
          if (!choice.options.includes(option)) p(`${at}.cadenceFrom.options`, `"${option}" is geen keuze van "${choice.name}"`);
    }
    const bearerLetter = c.rasci[c.bearer];
    if (bearerLetter !== "R" && bearerLetter !== "A")
      p(`${at}.rasci`, `de drager "${c.bearer}" moet R of A hebben (nu: ${bearerLetter ?? "niets"})`);
    const accountable = Object.values(c.rasci).filter((l) => l === "A").length;
    if (accountable !== 1)
      p(`${at}.rasci`, `precies één partij moet A (eindverantwoordelijk) zijn (nu: ${accountable})`);
    // A party holds one letter. Where the type has a single party, that party's A also means
    // that it does the work itself; otherwise another party carries it out (R).
    const responsible = Object.values(c.rasci).some((l) => l === "R");
    if (!responsible && applicable.some((dt) => dt.parties.length > 1))
      p(`${at}.rasci`, `minstens één partij moet R (voert uit) zijn`);
  });
}

/**
 * A set of clauses a new agreement starts from (defaultClauses, leanClauses): each clause exists,
 * belongs to the type and stands in the order of the sections; for every level of education, the
 * clauses that fit it cover the required sections, and every signing party carries (is the
 * bearer of) at least one commitment in them: a party that signs but promises nothing is not a
 * partner in the text.
 */
function checkClauseSet(
  dt: DocumentType,
  field: "defaultClauses" | "leanClauses",
  ids: readonly string[],
  clauses: ReadonlyMap<string, ClauseTemplate>,
  label: string,
  problems: string[],
): ClauseTemplate[] {
  const sectionIndex = new Map(dt.sections.map((s, i) => [s.id, i] as const));
  let lastSection = -1;
  const members: ClauseTemplate[] = [];
  ids.forEach((id, i) => {
    const at = `${field}[${i}]`;
    const clause = clauses.get(id);
    if (clause === undefined) {
      problems.push(`${label}: ${at}: clausule "${id}" bestaat niet`);
      return;
    }
    if (!clause.documentTypes.includes(dt.id)) {
      problems.push(`${label}: ${at}: clausule "${id}" hoort niet bij documenttype "${dt.id}" (zie documentTypes in ${clause.file})`);
      return;
    }
    const index = sectionIndex.get(clause.section);
    if (index === undefined) return; // reported with the clause
    members.push(clause);
    if (index < lastSection)
      problems.push(`${label}: ${at}: clausule "${id}" (sectie "${clause.section}") staat niet in de volgorde van de secties`);
    lastSection = Math.max(lastSection, index);
  });
  // Per level only where some clause of the set is limited to levels: one message, not three.
  const levels = members.some((c) => c.levels !== undefined) ? EDUCATION_LEVELS : [undefined];
  const reported = new Set<string>();
  const report = (message: string) => {
    if (!reported.has(message)) problems.push(message);
    reported.add(message);
  };
  for (const level of levels) {
    const fitting = members.filter((c) => clauseFitsLevel(c, level));
    const forLevel = level === undefined ? "" : ` voor onderwijsniveau "${level}"`;
    const inSet = field === "defaultClauses" ? "de standaardclausules" : "de korte nota (leanClauses)";
    const covered = new Set(fitting.map((c) => c.section));
    dt.sections.forEach((s, i) => {
      if (s.required && !covered.has(s.id))
        report(`${label}: sections[${i}]: verplichte sectie "${s.id}" heeft geen clausule in ${inSet}${forLevel}`);
    });
    const bearers = new Set(fitting.flatMap((c) => commitmentsForDocumentType(c, dt.id).map((commitment) => commitment.bearer)));
    dt.parties.forEach((party, i) => {
      if (party.signs && !bearers.has(party.id))
        report(`${label}: parties[${i}]: de ondertekenende partij "${party.id}" draagt geen enkele afspraak in ${inSet}${forLevel}`);
    });
  }
  return members;
}

/** The short set: a clause set of at most LEAN_MAX_CLAUSES clauses for every level. */
function checkLeanClauses(
  dt: DocumentType,
  ids: readonly string[],
  clauses: ReadonlyMap<string, ClauseTemplate>,
  label: string,
  problems: string[],
): void {
  const members = checkClauseSet(dt, "leanClauses", ids, clauses, label, problems);
  for (const level of EDUCATION_LEVELS) {
    const count = members.filter((c) => clauseFitsLevel(c, level)).length;
    if (count > LEAN_MAX_CLAUSES) {
      problems.push(
        `${label}: leanClauses: de korte nota telt ${count} clausules voor onderwijsniveau "${level}"; hoogstens ${LEAN_MAX_CLAUSES}: houd ze kort`,
      );
      return;
    }
  }
}

function checkGlossary(glossary: readonly GlossaryEntry[], label: string, problems: string[]): void {
  const seen = new Map<string, number>();
  glossary.forEach((entry, i) => {
    for (const word of [entry.term, ...entry.aliases]) {
      const key = word.toLocaleLowerCase("nl-BE");
      const previous = seen.get(key);
      if (previous !== undefined && previous !== i)
        problems.push(`${label}: [${i}].term: "${word}" komt al voor bij [${previous}] (${glossary[previous]?.term ?? ""})`);
      seen.set(key, i);
    }
  });
}

function buildLibrary(
  dir: string,
  documentTypes: Map<string, DocumentType>,
  clauses: Map<string, ClauseTemplate>,
  glossary: GlossaryEntry[],
): TemplateLibrary {
  const sortedClauses = new Map([...clauses.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const versions = new Map([...clauses.values()].map((c) => [c.id, c.version] as const));
  return {
    dir,
    documentTypes,
    clauses: sortedClauses,
    glossary,
    clauseVersion: (id) => versions.get(id),
    clausesForDocumentType: (documentTypeId) => {
      const dt = documentTypes.get(documentTypeId);
      if (dt === undefined) return [];
      const order = new Map(dt.sections.map((s, i) => [s.id, i] as const));
      return [...sortedClauses.values()]
        .filter((c) => c.documentTypes.includes(documentTypeId))
        .sort(
          (a, b) =>
            (order.get(a.section) ?? 0) - (order.get(b.section) ?? 0) || a.title.localeCompare(b.title, "nl-BE"),
        );
    },
    defaultClausesFor: (documentTypeId, options = {}) => {
      const dt = documentTypes.get(documentTypeId);
      if (dt === undefined) return [];
      const ids = options.set === "kort" && dt.leanClauses !== undefined ? dt.leanClauses : dt.defaultClauses;
      return ids.flatMap((id) => {
        const c = sortedClauses.get(id);
        return c === undefined || !clauseFitsLevel(c, options.level) ? [] : [c];
      });
    },
  };
}

// ---------------------------------------------------------------------------
// Public API

const cache = new Map<string, TemplateLibrary>();

/**
 * Loads and validates the library (default: `<cwd>/templates`). Cached per directory, so
 * start-up loads once; pass `{ reload: true }` to read the files again.
 * Throws a TemplateLibraryError listing every problem.
 */
export function loadTemplateLibrary(dir?: string, options: { reload?: boolean } = {}): TemplateLibrary {
  const key = path.resolve(dir ?? defaultTemplatesDir());
  const cached = cache.get(key);
  if (cached !== undefined && !options.reload) return cached;
  const { library, problems } = loadAndCheck(key);
  if (library === null) throw new TemplateLibraryError(problems);
  cache.set(key, library);
  return library;
}

/** Reads and checks the library without caching or throwing. */
export function checkTemplateLibrary(dir?: string): { ok: boolean; problems: string[]; library: TemplateLibrary | null } {
  const { library, problems } = loadAndCheck(dir);
  return { ok: problems.length === 0, problems, library };
}

/** Forgets cached libraries (tests, or after editing templates in development). */
export function clearTemplateLibraryCache(): void {
  cache.clear();
}
