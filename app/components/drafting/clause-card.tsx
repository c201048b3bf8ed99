import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { InlineLine } from "~/domain/drafting/inline-values";
import { ClauseText, ProvenanceDetails } from "./clause-view";
import { InlineText, OtherFields, type InlineFieldSpec } from "./inline-field";

export type ClauseCardData = {
  id: string;
  title: string;
  text: string;
  lines: InlineLine[];
  otherFields: string[];
  templateId: string | null;
  templateVersion: number | null;
  currentTemplateVersion: number | null;
  modified: boolean;
  privacyWarnings: number;
  previousYearNotes: string[];
  carriedOver: string[];
};

type Result = { message?: string; ok?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string> };

/**
 * One clause of the draft. For a drafter its values are typed in where they
 * stand in the text (one form per clause, saved with the draft's revision);
 * its actions sit in a small menu that opens without JavaScript.
 */
export function ClauseCard(props: {
  clause: ClauseCardData;
  fields: Record<string, InlineFieldSpec>;
  canEdit: boolean;
  revision: number;
  first: boolean;
  last: boolean;
  saved: boolean;
  result?: Result;
}) {
  const { clause, canEdit, revision, result } = props;
  const hasValues = clause.lines.some((l) => l.parts.some((p) => p.kind === "input")) || clause.otherFields.length > 0;
  const errors = result?.fieldErrors ? Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, v[0] ?? ""])) : undefined;
  const idPrefix = `v-${clause.id}`;
  return (
    <article id={`clausule-${clause.id}`} className="clause" aria-labelledby={`clausule-titel-${clause.id}`}>
      <div className="clause-head">
        <h3 id={`clausule-titel-${clause.id}`}>{clause.title}</h3>
        {canEdit ? <ClauseMenu clause={clause} revision={revision} first={props.first} last={props.last} /> : null}
      </div>
      {canEdit && hasValues ? (
        <Form method="post" preventScrollReset className="clause-values" aria-label={`Gegevens: ${clause.title}`}>
          <input type="hidden" name="revision" value={revision} />
          <input type="hidden" name="clauseId" value={clause.id} />
          <InlineText lines={clause.lines} fields={props.fields} idPrefix={idPrefix} values={result?.values} errors={errors} />
          <OtherFields names={clause.otherFields} fields={props.fields} idPrefix={idPrefix} values={result?.values} errors={errors} />
          <div className="clause-values__actions">
            <button className="button button--small" name="intent" value="save-values">
              Bewaren<span className="visually-hidden">: {clause.title}</span>
            </button>
            {result?.message ? (
              <p className="field-error" role="alert">
                {result.message}
              </p>
            ) : props.saved ? (
              <p className="saved" role="status">
                Bewaard.
              </p>
            ) : null}
          </div>
        </Form>
      ) : (
        <ClauseText text={clause.text} />
      )}
      <LastYear title="Overgenomen van vorig jaar (nog niet gehaald):" items={clause.carriedOver} />
      <LastYear title="Uit de evaluatie van vorig jaar:" items={clause.previousYearNotes} label="Notities uit de evaluatie van vorig jaar" />
      {clause.privacyWarnings > 0 ? <p className="warning">Let op: deze tekst lijkt persoonsgegevens te bevatten. Bekijk de clausule.</p> : null}
      {!(canEdit && hasValues) && result?.message ? (
        <p className="field-error" role="alert">
          {result.message}
        </p>
      ) : null}
      <ProvenanceDetails {...clause} />
    </article>
  );
}

/** Edit, move and remove, behind one small button (a <details> menu: works without JavaScript). */
function ClauseMenu(props: { clause: ClauseCardData; revision: number; first: boolean; last: boolean }) {
  const { clause, revision } = props;
  const hidden = (
    <>
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="clauseId" value={clause.id} />
    </>
  );
  return (
    <details className="menu">
      <summary className="button button--secondary button--small">
        Acties<span className="visually-hidden">: {clause.title}</span>
      </summary>
      <ul className="menu__items">
        <li>
          <Link to={`clausules/${clause.id}`}>
            Tekst aanpassen<span className="visually-hidden">: {clause.title}</span>
          </Link>
        </li>
        {!props.first ? <MoveItem hidden={hidden} direction="up" label="Omhoog" title={clause.title} /> : null}
        {!props.last ? <MoveItem hidden={hidden} direction="down" label="Omlaag" title={clause.title} /> : null}
        <li>
          <Form method="post" preventScrollReset>
            {hidden}
            <button className="button--link menu__danger" name="intent" value="remove-clause">
              Verwijderen<span className="visually-hidden">: {clause.title}</span>
            </button>
          </Form>
        </li>
      </ul>
    </details>
  );
}

function MoveItem(props: { hidden: ReactNode; direction: "up" | "down"; label: string; title: string }) {
  return (
    <li>
      <Form method="post" preventScrollReset>
        {props.hidden}
        <input type="hidden" name="direction" value={props.direction} />
        <button className="button--link" name="intent" value="move">
          {props.label}
          <span className="visually-hidden">: {props.title}</span>
        </button>
      </Form>
    </li>
  );
}

/** What last year left for this clause: commitments carried over, or the evaluation's notes (an aside when labelled). */
function LastYear(props: { title: string; items: string[]; label?: string }) {
  if (props.items.length === 0) return null;
  const content = (
    <>
      <p style={{ margin: 0 }}>
        <strong>{props.title}</strong>
      </p>
      <ul>
        {props.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
  return props.label ? (
    <aside className="alert alert--info" aria-label={props.label}>
      {content}
    </aside>
  ) : (
    <div className="alert alert--info">{content}</div>
  );
}
