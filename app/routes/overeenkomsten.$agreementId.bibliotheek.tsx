import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { templateLibrary } from "~/domain/agreements/document-types.server";
import { addClause } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { searchClauses } from "~/domain/drafting/search-library";
import { BOUWSTEEN_LABELS, BOUWSTENEN } from "~/domain/templates/schema";
import { AppError } from "~/utils/errors";
import { readFormData } from "~/utils/form-data.server";
import { appErrorResponse, orRespond } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Clausule toevoegen — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const draft = await orRespond(loadDraft({ user, agreementId: params.agreementId ?? "", permission: "agreement:edit", withAids: false }));
  const url = new URL(request.url);
  const text = (url.searchParams.get("q") ?? "").slice(0, 200);
  const section = url.searchParams.get("rubriek") ?? "";
  const bouwsteen = url.searchParams.get("bouwsteen") ?? "";
  const inDraft = new Set(draft.clauses.map((c) => c.templateId));
  const results = searchClauses(templateLibrary().clausesForDocumentType(draft.agreement.documentType), { text, section, bouwsteen });
  return {
    agreement: { id: draft.agreement.id, title: draft.agreement.title, revision: draft.agreement.draftRevision },
    query: { text, section, bouwsteen },
    sections: draft.type.sections.map((s) => ({ id: s.id, title: s.title })),
    bouwstenen: BOUWSTENEN.map((b) => ({ id: b, label: BOUWSTEEN_LABELS[b] })),
    results: results.map((c) => ({
      id: c.id,
      version: c.version,
      title: c.title,
      sectionTitle: draft.type.sections.find((s) => s.id === c.section)?.title ?? c.section,
      bouwsteen: BOUWSTEEN_LABELS[c.bouwsteen],
      note: c.note ?? "",
      excerpt: c.body.length > 280 ? `${c.body.slice(0, 280)}…` : c.body,
      inDraft: inDraft.has(c.id),
    })),
  };
}

const AddSchema = z.object({ templateId: z.string().min(1).max(100), revision: z.coerce.number().int().min(0) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  await orRespond(loadDraft({ user, agreementId, permission: "agreement:edit", withAids: false }));
  const input = parseIntent(AddSchema, await readFormData(request));
  try {
    const clause = await addClause({ user, agreementId, revision: input.revision, templateId: input.templateId, audit: requestInfo(request) });
    return redirect(`/overeenkomsten/${agreementId}#clausule-${clause.id}`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "NOT_FOUND") throw appErrorResponse(error);
    return data({ message: error.message }, { status: error.status });
  }
}

export default function Library() {
  const { agreement, query, sections, bouwstenen, results } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Clausule toevoegen</h1>
      {result?.message ? (
        <div className="alert alert--error" role="alert">
          {result.message}
        </div>
      ) : null}
      <Form method="get" className="card" role="search">
        <div className="field">
          <label htmlFor="q">Zoeken</label>
          <input id="q" name="q" type="search" defaultValue={query.text} />
        </div>
        <div className="field">
          <label htmlFor="rubriek">Rubriek</label>
          <select id="rubriek" name="rubriek" defaultValue={query.section}>
            <option value="">Alle rubrieken</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bouwsteen">Bouwsteen</label>
          <select id="bouwsteen" name="bouwsteen" defaultValue={query.bouwsteen}>
            <option value="">Alle bouwstenen</option>
            {bouwstenen.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
        </div>
        <button className="button" type="submit">
          Zoeken
        </button>
      </Form>
      <h2>{results.length} clausule(s)</h2>
      <ul className="agreement-list">
        {results.map((c) => (
          <li key={c.id}>
            <h3 style={{ margin: 0, fontSize: "1.05rem" }}>{c.title}</h3>
            <p className="meta">
              {c.sectionTitle} · {c.bouwsteen} · v{c.version}
            </p>
            <p>{c.excerpt}</p>
            {c.note ? <p className="meta">{c.note}</p> : null}
            {c.inDraft ? (
              <p className="meta">Staat al in het concept.</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="templateId" value={c.id} />
                <input type="hidden" name="revision" value={agreement.revision} />
                <button className="button button--small" type="submit">
                  Toevoegen<span className="visually-hidden">: {c.title}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
