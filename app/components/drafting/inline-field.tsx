import type { InlineLine } from "~/domain/drafting/inline-values";
import { ChoiceOptions, VariableField, type VariableFieldSpec } from "./variable-field";

export type InlineFieldSpec = VariableFieldSpec & { value: string; missing: boolean };

/**
 * One value typed in where it stands in the text (posted as `v:<name>`): a
 * choice, a short line sized to its value, or a small text area for a long
 * text or a list. Its label is the variable's label (read by screen readers,
 * shown as the placeholder while empty).
 */
export function InlineField({ f, idPrefix, value, error }: { f: InlineFieldSpec; idPrefix: string; value: string; error?: string }) {
  const id = `${idPrefix}-${f.name}`;
  const label = `${f.label}${f.required ? "" : " (niet verplicht)"}`;
  const common = {
    id,
    name: `v:${f.name}`,
    "aria-label": label,
    title: f.help ? `${label}: ${f.help}` : label,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
    className: `inline-value${f.missing ? " inline-value--missing" : ""}`,
  };
  const input = f.options ? (
    <select {...common} defaultValue={value}>
      <ChoiceOptions empty={`— ${f.label} —`} options={f.options} />
    </select>
  ) : f.type === "longtext" || f.type === "list" ? (
    <textarea {...common} className={`${common.className} inline-value--block`} rows={f.type === "list" ? 4 : 3} defaultValue={value} placeholder={f.type === "list" ? `${f.label} (één per regel)` : f.label} />
  ) : (
    <input
      {...common}
      type="text"
      inputMode={f.type === "number" ? "decimal" : undefined}
      placeholder={f.type === "date" ? "dd/mm/jjjj" : f.type === "schoolYear" ? "2026-2027" : f.label}
      size={Math.min(40, Math.max(f.type === "date" ? 10 : 6, value.length + 1, f.type === "date" || f.type === "number" ? 0 : f.label.length))}
      defaultValue={value}
    />
  );
  return (
    <>
      {input}
      {error ? (
        <strong className="field-error inline-error" id={`${id}-error`}>
          {error}
        </strong>
      ) : null}
    </>
  );
}

/** A clause's text with an input at each value's first place. */
export function InlineText(props: {
  lines: InlineLine[];
  fields: Record<string, InlineFieldSpec>;
  idPrefix: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}) {
  const blocks: Array<{ bullet: boolean; lines: InlineLine[] }> = [];
  for (const line of props.lines) {
    const last = blocks.at(-1);
    if (line.bullet && last?.bullet) last.lines.push(line);
    else blocks.push({ bullet: line.bullet, lines: [line] });
  }
  const render = (line: InlineLine) =>
    line.parts.map((part, i) => {
      if (part.kind === "text") return <span key={i}>{part.text}</span>;
      const f = props.fields[part.name];
      if (part.kind === "value" || !f) return <span key={i}>{part.kind === "value" ? part.text : `{{${part.name}}}`}</span>;
      return <InlineField key={i} f={f} idPrefix={props.idPrefix} value={props.values?.[part.name] ?? f.value} error={props.errors?.[part.name]} />;
    });
  return (
    <div className="clause-text clause-text--inline">
      {blocks.map((block, i) =>
        block.bullet ? (
          <ul key={i}>
            {block.lines.map((line, j) => (
              <li key={j}>{render(line)}</li>
            ))}
          </ul>
        ) : (
          block.lines.map((line, j) => <p key={`${i}-${j}`}>{render(line)}</p>)
        ),
      )}
    </div>
  );
}

/** Values of a clause that its text does not show (its commitments use them): as ordinary fields. */
export function OtherFields(props: { names: string[]; fields: Record<string, InlineFieldSpec>; idPrefix: string; values?: Record<string, string>; errors?: Record<string, string> }) {
  const specs = props.names.map((n) => props.fields[n]).filter((f): f is InlineFieldSpec => !!f);
  if (specs.length === 0) return null;
  return (
    <div className="other-fields">
      {specs.map((f) => (
        <VariableField key={f.name} f={f} value={props.values?.[f.name] ?? f.value} error={props.errors?.[f.name]} compact idPrefix={props.idPrefix} />
      ))}
    </div>
  );
}
