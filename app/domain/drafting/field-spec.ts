import type { DraftVariable } from "./load-draft.server";

/**
 * What a form needs to know of one of a draft's variables, with its value as
 * typed (`raw`): the options of a choice, or the names of the organisations
 * that can fill a party's place.
 */
export function variableFieldSpec(v: DraftVariable, raw: string, parties: ReadonlyArray<{ partyRole: string; name: string }>) {
  return {
    name: v.name,
    label: v.label,
    type: v.type,
    required: v.required !== false,
    help: v.help ?? null,
    value: raw,
    options:
      v.type === "choice"
        ? v.options
        : v.type === "partyOrganisation"
          ? parties.filter((p) => p.partyRole === v.partyRole).map((p) => p.name)
          : null,
  };
}
