import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { COMMITMENT_STATUS_LABELS, COMMITMENT_STATUSES } from "~/domain/commitments/vocabulary";
import { loadEvaluations, recordEvaluation } from "~/domain/evaluation/evaluations.server";
import { notFound } from "~/utils/errors";
import { readFormData } from "~/utils/form-data.server";
import { appErrorResponse, orRespond, replyWithError } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Evaluatie invullen — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { agreement, moments, commitments, bouwstenen } = await orRespond(loadEvaluations({ user, agreementId: params.agreementId ?? "" }));
  const moment = moments.find((m) => m.id === params.momentId);
  if (!moment) throw appErrorResponse(notFound("Dit evaluatiemoment bestaat niet."));
  return {
    agreement: { id: agreement.id, title: agreement.title },
    moment: { id: moment.id, label: moment.label, date: moment.date },
    commitments: commitments.map((c) => ({ id: c.id, what: c.what, status: c.status, bearer: c.bearer?.organisation.name ?? "" })),
    bouwstenen,
    statuses: COMMITMENT_STATUSES.map((s) => ({ id: s, label: COMMITMENT_STATUS_LABELS[s] })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  await orRespond(loadEvaluations({ user, agreementId }));
  const formData = await readFormData(request, { multiLine: (name) => name === "summary" || name.startsWith("note:") || name.startsWith("text:") });
  const raw: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") raw[key] = value;
  try {
    const result = await recordEvaluation({ user, agreementId, momentId: params.momentId ?? "", raw, audit: requestInfo(request) });
    if (!result.ok) {
      return data({ message: "Niet alles is goed ingevuld. Er werd niets bewaard.", errors: result.errors, raw }, { status: 400 });
    }
  } catch (error) {
    return replyWithError(error, (e) => ({ message: e.message, errors: {} as Record<string, string>, raw }));
  }
  return redirect(`/overeenkomsten/${agreementId}/evaluaties`);
}

export default function RecordEvaluation() {
  const { agreement, moment, commitments, bouwstenen, statuses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const value = (name: string, fallback = "") => result?.raw?.[name] ?? fallback;
  const error = (name: string) => result?.errors?.[name];
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}/evaluaties`}>← Evaluaties</Link>
      </p>
      <h1>{moment.label}</h1>
      <p className="lead">{agreement.title}</p>
      {result?.message ? (
        <div className="alert alert--error" role="alert">
          {result.message}
        </div>
      ) : null}
      <Form method="post">
        <fieldset className="card">
          <legend>
            <h2 style={{ margin: 0 }}>Afspraken</h2>
          </legend>
          {commitments.length === 0 ? <p>Deze overeenkomst heeft nog geen afspraken.</p> : null}
          {commitments.map((c) => (
            <div key={c.id} className="field">
              <p style={{ margin: "0 0 .25rem" }}>
                <strong>{c.what}</strong> <span className="meta">({c.bearer})</span>
              </p>
              <label htmlFor={`status-${c.id}`}>Status</label>
              <select id={`status-${c.id}`} name={`status:${c.id}`} defaultValue={value(`status:${c.id}`, c.status)} aria-invalid={error(`status:${c.id}`) ? true : undefined}>
                {statuses.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
              {error(`status:${c.id}`) ? <p className="field-error">{error(`status:${c.id}`)}</p> : null}
              <label htmlFor={`note-${c.id}`}>Notitie</label>
              <textarea id={`note-${c.id}`} name={`note:${c.id}`} rows={2} defaultValue={value(`note:${c.id}`)} />
              {error(`note:${c.id}`) ? <p className="field-error">{error(`note:${c.id}`)}</p> : null}
            </div>
          ))}
        </fieldset>
        <fieldset className="card">
          <legend>
            <h2 style={{ margin: 0 }}>De zes bouwstenen</h2>
          </legend>
          <p className="meta">
            De vragen komen uit de brochure over de zes bouwstenen. De score van 1 (werkt niet) tot 5 (werkt heel goed) is een eigen
            hulpmiddel van Akkoord en niet verplicht: laat leeg wat u niet bespreekt.
          </p>
          {bouwstenen.map((b) => (
            <div key={b.id} className="field">
              <h3 style={{ fontSize: "1.05rem", marginBottom: ".25rem" }}>{b.label}</h3>
              <ul className="meta">
                {b.questions.map((q) => (
                  <li key={q}>{q}</li>
                ))}
              </ul>
              <label htmlFor={`score-${b.id}`}>Score voor {b.label} (1 tot 5)</label>
              <input
                id={`score-${b.id}`}
                name={`score:${b.id}`}
                type="number"
                min={1}
                max={5}
                step={1}
                inputMode="numeric"
                defaultValue={value(`score:${b.id}`)}
                aria-invalid={error(`score:${b.id}`) ? true : undefined}
                style={{ maxWidth: "6rem" }}
              />
              {error(`score:${b.id}`) ? <p className="field-error">{error(`score:${b.id}`)}</p> : null}
              <label htmlFor={`text-${b.id}`}>Wat zien we? Wat willen we anders?</label>
              <textarea id={`text-${b.id}`} name={`text:${b.id}`} rows={2} defaultValue={value(`text:${b.id}`)} />
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="summary">Samenvatting (niet verplicht)</label>
          <textarea id="summary" name="summary" rows={3} defaultValue={value("summary")} />
          <span className="hint">Geen namen of gegevens van leerlingen of gezinnen.</span>
        </div>
        <button type="submit" className="button">
          Evaluatie bewaren
        </button>
      </Form>
    </>
  );
}
