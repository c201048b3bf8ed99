import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { compareVersions } from "~/domain/versions/versions.server";
import { invalidInput } from "~/utils/errors";
import { appErrorResponse, orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Versies vergelijken — Akkoord" }];

const STATUS_TEXT: Record<string, string> = {
  added: "toegevoegd",
  removed: "verwijderd",
  moved: "verplaatst",
  changed: "gewijzigd",
  "moved-and-changed": "verplaatst en gewijzigd",
  unchanged: "ongewijzigd",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const from = Number(url.searchParams.get("van"));
  const to = Number(url.searchParams.get("naar"));
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < 1) {
    throw appErrorResponse(invalidInput("Kies twee versies om te vergelijken."));
  }
  const { agreement, older, newer, comparison } = await orRespond(
    compareVersions({ user, agreementId: params.agreementId ?? "", from, to }),
  );
  return {
    agreement: { id: agreement.id, title: agreement.title },
    from: older.number,
    to: newer.number,
    summary: comparison.summary,
    variables: comparison.variables.map((v) => ({ ...v, oldValue: format(v.oldValue), newValue: format(v.newValue) })),
    clauses: comparison.clauses
      .filter((c) => c.status !== "unchanged")
      .map((c) => ({ key: c.key, title: c.title, sectionTitle: c.sectionTitle, status: c.status, statusText: STATUS_TEXT[c.status] ?? c.status, words: c.words, text: c.renderedText })),
  };
}

function format(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

export default function Compare() {
  const { agreement, from, to, summary, variables, clauses } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}/versies`}>← Alle versies</Link>
      </p>
      <h1>
        Versie {from} en versie {to} vergeleken
      </h1>
      <p className="lead">
        {summary.added} toegevoegd · {summary.removed} verwijderd · {summary.moved} verplaatst · {summary.changed} gewijzigd ·{" "}
        {summary.variablesChanged} gegevens gewijzigd
      </p>
      <p className="meta">
        <ins className="redline-add">Nieuwe tekst</ins> en <del className="redline-del">geschrapte tekst</del> zijn gemarkeerd.
      </p>
      {clauses.length === 0 && variables.length === 0 ? <p>Er is niets veranderd.</p> : null}
      {clauses.map((c) => (
        <article key={c.key} className={`clause redline redline--${c.status}`}>
          <h2 style={{ fontSize: "1.05rem", margin: 0 }}>
            {c.title} <span className="badge">{c.statusText}</span>
          </h2>
          <p className="meta">{c.sectionTitle}</p>
          {c.words ? (
            <p className="redline-text">
              {c.words.map((w, i) =>
                w.type === "added" ? (
                  <ins key={i} className="redline-add">
                    {w.text}
                  </ins>
                ) : w.type === "removed" ? (
                  <del key={i} className="redline-del">
                    {w.text}
                  </del>
                ) : (
                  <span key={i}>{w.text}</span>
                ),
              )}
            </p>
          ) : c.status === "added" ? (
            <p className="redline-text">
              <ins className="redline-add">{c.text}</ins>
            </p>
          ) : c.status === "removed" ? (
            <p className="redline-text">
              <del className="redline-del">{c.text}</del>
            </p>
          ) : null}
        </article>
      ))}
      {variables.length > 0 ? (
        <section className="card">
          <h2>Gewijzigde gegevens</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Gegeven</th>
                <th scope="col">Was</th>
                <th scope="col">Wordt</th>
              </tr>
            </thead>
            <tbody>
              {variables.map((v) => (
                <tr key={v.name}>
                  <td>{v.name}</td>
                  <td>
                    <del className="redline-del">{v.oldValue}</del>
                  </td>
                  <td>
                    <ins className="redline-add">{v.newValue}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
