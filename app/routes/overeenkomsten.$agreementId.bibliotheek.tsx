import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { templateLibrary } from "~/domain/templates/document-types.server";
import { addClause, addFullSet } from "~/domain/drafting/edit-draft.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { searchClauses } from "~/domain/drafting/search-library";
import { BOUWSTEEN_LABELS, BOUWSTENEN, EDUCATION_LEVEL_LABELS, isEducationLevel, type VariableValue } from "~/domain/templates/schema";
import { clauseSummary } from "~/domain/templates/summary";
import { agreementValues } from "~/domain/templates/variables";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
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
  const added = Number(url.searchParams.get("toegevoegd") ?? "");
  const { agreement } = draft;
  const level = isEducationLevel(agreement.educationLevel) ? agreement.educationLevel : undefined;
  const inDraft = new Set(draft.clauses.map((c) => c.templateId));
  const library = templateLibrary();
  const results = searchClauses(library.clausesForDocumentType(agreement.documentType), { text, section, bouwsteen, level });
  // Only a type with a short nota has a fuller one to offer.
  const missingFromFullSet =
    draft.type.leanClauses === undefined
      ? 0
      : library.defaultClausesFor(agreement.documentType, { set: "volledig", level }).filter((c) => !inDraft.has(c.id)).length;
  // Each clause in plain words, with the values this draft has: no {{placeholders}}.
  const partyNames: Record<string, VariableValue> = {};
  const summaryOf = (clause: (typeof results)[number]) => {
    for (const def of clause.variables) {
      if (def.type !== "partyOrganisation") continue;
      const names = draft.parties.filter((p) => p.partyRole === def.partyRole).map((p) => p.name);
      if (names.length === 1) partyNames[def.name] = names[0]!;
    }
    return clauseSummary(clause, { ...agreementValues(clause.variables, agreement), ...partyNames, ...draft.values });
  };
  return {
    agreement: { id: agreement.id, title: agreement.title, revision: agreement.draftRevision },
    levelLabel: level ? EDUCATION_LEVEL_LABELS[level] : null,
    query: { text, section, bouwsteen },
    added: url.searchParams.has("toegevoegd") && Number.isInteger(added) && added >= 0 && added < 1000 ? added : null,
    missingFromFullSet,
    sections: draft.type.sections.map((s) => ({ id: s.id, title: s.title })),
    bouwstenen: BOUWSTENEN.map((b) => ({ id: b, label: BOUWSTEEN_LABELS[b] })),
    results: results.map((c) => ({
      id: c.id,
      version: c.version,
      title: c.title,
      sectionTitle: draft.type.sections.find((s) => s.id === c.section)?.title ?? c.section,
      bouwsteen: BOUWSTEEN_LABELS[c.bouwsteen],
      note: c.note ?? "",
      summary: summaryOf(c),
      inDraft: inDraft.has(c.id),
    })),
  };
}

const revision = z.coerce.number().int().min(0);
const IntentSchema = z.union([
  // "Alle clausules van de volledige nota toevoegen"
  z.object({ intent: z.literal("volledige-nota"), revision }),
  z.object({ templateId: z.string().min(1).max(100), revision }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  await orRespond(loadDraft({ user, agreementId, permission: "agreement:edit", withAids: false }));
  const input = parseIntent(IntentSchema, await readFormData(request));
  try {
    if ("intent" in input) {
      const added = await addFullSet({ user, agreementId, revision: input.revision, audit: requestInfo(request) });
      return redirect(`/overeenkomsten/${agreementId}/bibliotheek?toegevoegd=${added.length}`);
    }
    const clause = await addClause({ user, agreementId, revision: input.revision, templateId: input.templateId, audit: requestInfo(request) });
    return redirect(`/overeenkomsten/${agreementId}#clausule-${clause.id}`);
  } catch (error) {
    return replyWithError(error, (e) => ({ message: e.message }));
  }
}

export default function Library() {
  const { agreement, levelLabel, query, added, missingFromFullSet, sections, bouwstenen, results } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Clausule toevoegen</h1>
      {levelLabel ? <p className="meta">Clausules voor {levelLabel.toLowerCase()}.</p> : null}
      {added !== null ? (
        <p className="alert alert--info" role="status">
          {added === 0
            ? "Alle clausules van de volledige nota staan al in het concept."
            : `${added === 1 ? "Eén clausule" : `${added} clausules`} van de volledige nota toegevoegd.`}
        </p>
      ) : null}
      {result?.message ? (
        <div className="alert alert--error" role="alert">
          {result.message}
        </div>
      ) : null}
      {missingFromFullSet > 0 ? (
        <Form method="post" className="card">
          <p>
            De volledige nota heeft nog {missingFromFullSet === 1 ? "één clausule" : `${missingFromFullSet} clausules`} die niet in uw concept{" "}
            {missingFromFullSet === 1 ? "staat" : "staan"}. U kunt ze hieronder één voor één toevoegen, of allemaal tegelijk.
          </p>
          <input type="hidden" name="intent" value="volledige-nota" />
          <input type="hidden" name="revision" value={agreement.revision} />
          <button className="button" type="submit">
            Alle clausules van de volledige nota toevoegen
          </button>
        </Form>
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
            <p>{c.summary}</p>
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
