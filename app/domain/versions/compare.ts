// Compares two frozen versions of one agreement (e.g. v1 signed, v2 amended):
// which clauses were added, removed, moved or changed (with a word-level diff),
// which variable values changed and which parties and signatories came or went.
//
// Pure: works on VersionSnapshot values only, safe for client and server.
import { diffWordsWithSpace } from "diff";
import { formatNumberNlBe } from "~/domain/language/count";
import { formatDateNlBe, joinDutch } from "~/domain/templates/render";
import type { SnapshotClause, SnapshotSignatory, VersionSnapshot } from "./snapshot";

export type ClauseStatus = "unchanged" | "added" | "removed" | "moved" | "changed" | "moved-and-changed";

export type WordChange = { type: "same" | "added" | "removed"; text: string };

export type ClauseComparison = {
  /** SnapshotClause.key, shared by both versions. */
  key: string;
  status: ClauseStatus;
  /** The newer version's title (the older one's for a removed clause). */
  title: string;
  /** The older version's title when it differs, else null. */
  oldTitle: string | null;
  /** The newer version's section (the older one's for a removed clause). */
  section: string;
  sectionTitle: string;
  /** The older version's section when the clause changed section, else null. */
  oldSection: string | null;
  /** Index in older.clauses (0-based), null for an added clause. */
  oldPosition: number | null;
  /** Index in newer.clauses (0-based), null for a removed clause. */
  newPosition: number | null;
  titleChanged: boolean;
  /** The newer renderedText (the older one for a removed clause). */
  renderedText: string;
  /**
   * Word-level diff of renderedText (older → newer) for "changed" and
   * "moved-and-changed" clauses; null otherwise. Joining the "same" and
   * "removed" parts gives the older text, "same" and "added" the newer one.
   */
  words: WordChange[] | null;
  provenance: {
    oldTemplateId: string | null;
    newTemplateId: string | null;
    oldTemplateVersion: number | null;
    newTemplateVersion: number | null;
    /** True when the "edited for this agreement only" flag differs. */
    modifiedChanged: boolean;
  };
};

export type VariableValue = string | number | string[];

export type VariableComparison = {
  name: string;
  status: "added" | "removed" | "changed";
  oldValue: VariableValue | null;
  newValue: VariableValue | null;
};

export type SignatoryRef = Pick<SnapshotSignatory, "partyRole" | "organisationId" | "name" | "functionTitle" | "email" | "kind">;

export type VersionComparison = {
  /** Newer order, removed clauses inserted where they stood in the older version. */
  clauses: ClauseComparison[];
  /** Only variables that were added, removed or changed, sorted by name. */
  variables: VariableComparison[];
  /** Party names, paired by organisation and party role. */
  parties: {
    added: string[];
    removed: string[];
    renamed: Array<{ partyRole: string; oldName: string; newName: string }>;
  };
  /** Signatories paired by e-mail (case-insensitive) and party role. */
  signatories: {
    added: SignatoryRef[];
    removed: SignatoryRef[];
    /** Same person and role, different name, function title or kind (signer/cc). */
    changed: Array<{ old: SignatoryRef; new: SignatoryRef }>;
  };
  summary: {
    added: number;
    removed: number;
    /** "moved" plus "moved-and-changed". */
    moved: number;
    /** "changed" plus "moved-and-changed". */
    changed: number;
    unchanged: number;
    /** Number of entries in `variables`. */
    variablesChanged: number;
  };
};

function indexByKey(clauses: SnapshotClause[], which: string): Map<string, number> {
  const map = new Map<string, number>();
  clauses.forEach((clause, index) => {
    if (map.has(clause.key)) throw new Error(`compareSnapshots: duplicate clause key "${clause.key}" in the ${which} version`);
    map.set(clause.key, index);
  });
  return map;
}

/**
 * Keys of the longest run of common clauses that kept their relative order.
 * Both lists hold the same keys, so the longest common subsequence is the
 * longest increasing subsequence of the older positions taken in newer order
 * (patience sorting, O(n log n)).
 */
function stableKeys(commonInNewerOrder: string[], oldIndex: Map<string, number>): Set<string> {
  const seq = commonInNewerOrder.map((key) => oldIndex.get(key)!);
  const tails: number[] = []; // tails[k]: index in seq of the smallest tail of a run of length k+1
  const previous: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const stable = new Set<string>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) {
    stable.add(commonInNewerOrder[i]!);
  }
  return stable;
}

function wordDiff(older: string, newer: string): WordChange[] {
  return diffWordsWithSpace(older, newer).map((part) => ({
    type: part.added ? "added" : part.removed ? "removed" : "same",
    text: part.value,
  }));
}

function sameValue(a: VariableValue, b: VariableValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}

function compareClause(
  key: string,
  oldClause: SnapshotClause | null,
  newClause: SnapshotClause | null,
  oldPosition: number | null,
  newPosition: number | null,
  stable: boolean,
): ClauseComparison {
  const current = (newClause ?? oldClause)!;
  const provenance = {
    oldTemplateId: oldClause?.templateId ?? null,
    newTemplateId: newClause?.templateId ?? null,
    oldTemplateVersion: oldClause?.templateVersion ?? null,
    newTemplateVersion: newClause?.templateVersion ?? null,
    modifiedChanged: !!oldClause && !!newClause && oldClause.modified !== newClause.modified,
  };
  const base = {
    key,
    title: current.title,
    section: current.section,
    sectionTitle: current.sectionTitle,
    oldPosition,
    newPosition,
    renderedText: current.renderedText,
    provenance,
  };
  if (!oldClause || !newClause) {
    return { ...base, status: oldClause ? "removed" : "added", oldTitle: null, oldSection: null, titleChanged: false, words: null };
  }
  const titleChanged = oldClause.title !== newClause.title;
  const sectionChanged = oldClause.section !== newClause.section;
  const changed = titleChanged || oldClause.renderedText !== newClause.renderedText;
  const moved = !stable || sectionChanged;
  const status: ClauseStatus = moved && changed ? "moved-and-changed" : moved ? "moved" : changed ? "changed" : "unchanged";
  return {
    ...base,
    status,
    oldTitle: titleChanged ? oldClause.title : null,
    oldSection: sectionChanged ? oldClause.section : null,
    titleChanged,
    words: changed ? wordDiff(oldClause.renderedText, newClause.renderedText) : null,
  };
}

function compareClauses(older: SnapshotClause[], newer: SnapshotClause[]): ClauseComparison[] {
  const oldIndex = indexByKey(older, "older");
  const newIndex = indexByKey(newer, "newer");
  const commonInNewerOrder = newer.map((c) => c.key).filter((key) => oldIndex.has(key));
  const stable = stableKeys(commonInNewerOrder, oldIndex);

  // A removed clause goes right after the closest clause before it (in the
  // older version) that kept its place; with none, at the very start.
  const atStart: ClauseComparison[] = [];
  const after = new Map<string, ClauseComparison[]>();
  let anchor: string | null = null;
  older.forEach((clause, index) => {
    if (newIndex.has(clause.key)) {
      if (stable.has(clause.key)) anchor = clause.key;
      return;
    }
    const entry = compareClause(clause.key, clause, null, index, null, false);
    if (anchor === null) atStart.push(entry);
    else after.set(anchor, [...(after.get(anchor) ?? []), entry]);
  });

  const result = [...atStart];
  newer.forEach((clause, index) => {
    const oldPos = oldIndex.get(clause.key);
    const oldClause = oldPos === undefined ? null : older[oldPos]!;
    result.push(compareClause(clause.key, oldClause, clause, oldPos ?? null, index, stable.has(clause.key)));
    result.push(...(after.get(clause.key) ?? []));
  });
  return result;
}

function compareVariables(older: VersionSnapshot["values"], newer: VersionSnapshot["values"]): VariableComparison[] {
  const names = [...new Set([...Object.keys(older), ...Object.keys(newer)])].sort();
  const result: VariableComparison[] = [];
  for (const name of names) {
    const has = (o: object) => Object.prototype.hasOwnProperty.call(o, name);
    const oldValue = has(older) ? older[name]! : null;
    const newValue = has(newer) ? newer[name]! : null;
    if (oldValue === null && newValue !== null) result.push({ name, status: "added", oldValue, newValue });
    else if (oldValue !== null && newValue === null) result.push({ name, status: "removed", oldValue, newValue });
    else if (oldValue !== null && newValue !== null && !sameValue(oldValue, newValue)) {
      result.push({ name, status: "changed", oldValue, newValue });
    }
  }
  return result;
}

function compareParties(older: VersionSnapshot["parties"], newer: VersionSnapshot["parties"]): VersionComparison["parties"] {
  const id = (p: { organisationId: string; partyRole: string }) => `${p.partyRole}\u0000${p.organisationId}`;
  const oldById = new Map(older.map((p) => [id(p), p]));
  const newIds = new Set(newer.map(id));
  const renamed: VersionComparison["parties"]["renamed"] = [];
  for (const party of newer) {
    const old = oldById.get(id(party));
    if (old && old.name !== party.name) renamed.push({ partyRole: party.partyRole, oldName: old.name, newName: party.name });
  }
  return {
    added: newer.filter((p) => !oldById.has(id(p))).map((p) => p.name),
    removed: older.filter((p) => !newIds.has(id(p))).map((p) => p.name),
    renamed,
  };
}

function signatoryRef(s: SnapshotSignatory): SignatoryRef {
  return { partyRole: s.partyRole, organisationId: s.organisationId, name: s.name, functionTitle: s.functionTitle, email: s.email, kind: s.kind };
}

function compareSignatories(
  older: VersionSnapshot["signatories"],
  newer: VersionSnapshot["signatories"],
): VersionComparison["signatories"] {
  const id = (s: SnapshotSignatory) => `${s.partyRole}\u0000${s.email.trim().toLowerCase()}`;
  const oldById = new Map(older.map((s) => [id(s), s]));
  const newIds = new Set(newer.map(id));
  const changed: VersionComparison["signatories"]["changed"] = [];
  for (const signatory of newer) {
    const old = oldById.get(id(signatory));
    if (old && (old.name !== signatory.name || old.functionTitle !== signatory.functionTitle || old.kind !== signatory.kind)) {
      changed.push({ old: signatoryRef(old), new: signatoryRef(signatory) });
    }
  }
  return {
    added: newer.filter((s) => !oldById.has(id(s))).map(signatoryRef),
    removed: older.filter((s) => !newIds.has(id(s))).map(signatoryRef),
    changed,
  };
}

/** What changed from `older` to `newer` (two versions of the same agreement). */
export function compareSnapshots(older: VersionSnapshot, newer: VersionSnapshot): VersionComparison {
  const clauses = compareClauses(older.clauses, newer.clauses);
  const variables = compareVariables(older.values, newer.values);
  const count = (...statuses: ClauseStatus[]) => clauses.filter((c) => statuses.includes(c.status)).length;
  return {
    clauses,
    variables,
    parties: compareParties(older.parties, newer.parties),
    signatories: compareSignatories(older.signatories, newer.signatories),
    summary: {
      added: count("added"),
      removed: count("removed"),
      moved: count("moved", "moved-and-changed"),
      changed: count("changed", "moved-and-changed"),
      unchanged: count("unchanged"),
      variablesChanged: variables.length,
    },
  };
}

/** What a reader needs to know of a variable to show its change: its label and type. */
export type VariableDescription = { label: string; type?: string };

export type DescribedVariableChange = { name: string; label: string; oldValue: string; newValue: string };

/** "eersteSchooldag" → "Eerste schooldag": the last resort for a variable no definition describes. */
function humanName(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function shownValue(value: VariableValue | null, type: string | undefined): string {
  if (value === null) return "—";
  if (Array.isArray(value)) return joinDutch(value);
  if (typeof value === "number") return formatNumberNlBe(value);
  if (type === "date" || (type === undefined && /^\d{4}-\d{2}-\d{2}$/.test(value))) return formatDateNlBe(value);
  return value;
}

/**
 * The changed values as people read them: each variable's label (never its
 * technical name) and the values as the document shows them ("11 januari 2027").
 */
export function describeVariableChanges(
  changes: readonly VariableComparison[],
  descriptions: Readonly<Record<string, VariableDescription>>,
): DescribedVariableChange[] {
  return changes
    .map((change) => {
      const description = Object.prototype.hasOwnProperty.call(descriptions, change.name) ? descriptions[change.name] : undefined;
      return {
        name: change.name,
        label: description?.label ?? humanName(change.name),
        oldValue: shownValue(change.oldValue, description?.type),
        newValue: shownValue(change.newValue, description?.type),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label, "nl-BE"));
}
