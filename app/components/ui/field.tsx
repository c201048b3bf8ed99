import type { ReactNode } from "react";

/** A labelled form control with its hint and Dutch error message. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  errorId?: string;
  children: ReactNode;
}) {
  const error = props.errors?.[0];
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint ? <span className="hint" id={`${props.id}-hint`}>{props.hint}</span> : null}
      {props.children}
      {error ? (
        <p className="field-error" id={props.errorId ?? `${props.id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Form-level errors (not tied to one field), announced to screen readers. */
export function FormErrors(props: { id?: string; errors?: string[] }) {
  if (!props.errors?.length) return null;
  return (
    <div className="alert alert--error" role="alert" id={props.id}>
      {props.errors.map((message) => (
        <p key={message} style={{ margin: 0 }}>
          {message}
        </p>
      ))}
    </div>
  );
}
