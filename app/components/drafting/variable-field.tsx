import { Field } from "~/components/ui/field";

/** What a form needs to know of a clause variable. */
export type VariableFieldSpec = {
  name: string;
  label: string;
  type: string;
  help: string | null;
  required: boolean;
  options: string[] | null;
};

/**
 * The input for one clause variable (posted as `v:<name>`): a choice, a long
 * text or list (one item per line), or a single line with a hint for dates,
 * school years and numbers. `compact` gives text areas one row less.
 */
export function VariableField({ f, value, error, compact = false, idPrefix = "v" }: { f: VariableFieldSpec; value: string; error?: string; compact?: boolean; idPrefix?: string }) {
  const id = `${idPrefix}-${f.name}`;
  const common = {
    id,
    name: `v:${f.name}`,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [f.help ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined,
  };
  const rows = (f.type === "list" ? 5 : 4) - (compact ? 1 : 0);
  return (
    <Field id={id} label={`${f.label}${f.required ? "" : " (niet verplicht)"}`} hint={f.help ?? undefined} errors={error ? [error] : undefined}>
      {f.options ? (
        <select {...common} defaultValue={value}>
          <ChoiceOptions empty="— Kies —" options={f.options} />
        </select>
      ) : f.type === "longtext" || f.type === "list" ? (
        <textarea {...common} rows={rows} defaultValue={value} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={f.type === "number" ? "decimal" : undefined}
          placeholder={f.type === "date" ? "dd/mm/jjjj" : f.type === "schoolYear" ? "2026-2027" : undefined}
          defaultValue={value}
        />
      )}
      {f.type === "list" ? <span className="hint">Eén item per regel.</span> : null}
    </Field>
  );
}

/** A choice's options, after an empty one ("not chosen yet"). */
export function ChoiceOptions({ empty, options }: { empty: string; options: readonly string[] }) {
  return (
    <>
      <option value="">{empty}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </>
  );
}
