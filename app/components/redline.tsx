import type { ClauseStatus } from "~/domain/versions/compare";

// A readable redline of two versions: clause-level changes with word-level
// marks inside changed clauses, and the changed values. Colour plus
// underline/strike-through, so it also reads in print.

export type RedlineClause = {
  key: string;
  title: string;
  sectionTitle: string;
  status: ClauseStatus;
  statusText: string;
  words: Array<{ type: "same" | "added" | "removed"; text: string }> | null;
  text: string;
};

export type RedlineVariable = { name: string; label: string; oldValue: string; newValue: string };

export function Redline({ clauses, variables }: { clauses: RedlineClause[]; variables: RedlineVariable[] }) {
  return (
    <>
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
          <table className="cards">
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
                  <th scope="row" data-label="Gegeven">{v.label}</th>
                  <td data-label="Was">
                    <del className="redline-del">{v.oldValue}</del>
                  </td>
                  <td data-label="Wordt">
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
