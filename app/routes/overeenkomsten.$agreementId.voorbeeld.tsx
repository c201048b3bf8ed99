import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ClauseText } from "~/components/drafting/clause-view";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Voorbeeld — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const draft = await orRespond(loadDraft({ user, agreementId: params.agreementId ?? "", withAids: false }));
  return {
    agreement: { id: draft.agreement.id, title: draft.agreement.title, schoolYear: draft.agreement.schoolYear, type: draft.type.label },
    parties: draft.parties.map((p) => ({ id: p.id, role: p.roleLabel, name: p.name })),
    sections: draft.sections
      .filter((s) => s.clauses.length > 0)
      .map((s) => ({ id: s.id, title: s.title, clauses: s.clauses.map((c) => ({ id: c.id, title: c.title, text: c.text })) })),
    missingCount: draft.completeness.unfilledVariables.length,
  };
}

export default function Preview() {
  const { agreement, parties, sections, missingCount } = useLoaderData<typeof loader>();
  return (
    <article className="print-document">
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← Terug naar het concept</Link>
      </p>
      <h1>{agreement.title}</h1>
      <p className="lead">
        {agreement.type} · schooljaar {agreement.schoolYear}
      </p>
      {missingCount > 0 ? (
        <p className="alert alert--info">
          Nog {missingCount} gegeven(s) in te vullen: ze staan <mark className="missing">gemarkeerd</mark> in de tekst.
        </p>
      ) : null}
      <h2>Partijen</h2>
      <ul>
        {parties.map((p) => (
          <li key={p.id}>
            {p.role}: {p.name}
          </li>
        ))}
      </ul>
      {sections.map((s, i) => (
        <section key={s.id}>
          <h2>
            {i + 1}. {s.title}
          </h2>
          {s.clauses.map((c, j) => (
            <div key={c.id}>
              <h3>
                {i + 1}.{j + 1} {c.title}
              </h3>
              <ClauseText text={c.text} />
            </div>
          ))}
        </section>
      ))}
    </article>
  );
}
