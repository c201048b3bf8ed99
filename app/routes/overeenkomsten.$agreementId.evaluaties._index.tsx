import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BouwsteenChart } from "~/components/evaluation/bouwsteen-chart";
import scoreChartCss from "~/components/evaluation/score-chart.css?url";
import { Field } from "~/components/ui/field";
import { membershipsAllow } from "~/domain/access/policy";
import { partiesDaysOffNear } from "~/domain/days-off/days-off.server";
import { addEvaluationMoment, loadEvaluations, moveEvaluationMoment } from "~/domain/evaluation/evaluations.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Evaluaties — Akkoord" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: scoreChartCss }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { agreement, moments, history, bouwstenen } = await orRespond(loadEvaluations({ user, agreementId: params.agreementId ?? "" }));
  const planned = moments.filter((m) => m.status === "gepland").map((m) => m.date);
  return {
    daysOff: await partiesDaysOffNear({ user, agreementId: agreement.id, dates: planned }),
    agreement: { id: agreement.id, title: agreement.title },
    canEvaluate: membershipsAllow(user.memberships, "agreement:evaluate", agreement.parties.map((p) => p.organisationId)),
    moments: moments.map((m) => ({
      id: m.id,
      date: m.date,
      label: m.label,
      status: m.status,
      records: m.records.map((r) => ({ id: r.id, by: r.recordedBy?.name ?? "", at: r.createdAt.toLocaleDateString("nl-BE"), summary: r.summary })),
    })),
    history,
    blocks: bouwstenen.map((b) => ({ id: b.id, label: b.label })),
  };
}

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("move"), momentId: z.string().min(1).max(100), date: z.string().max(20) }),
  z.object({ intent: z.literal("add"), date: z.string().max(20), label: z.string().max(200) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  await orRespond(loadEvaluations({ user, agreementId }));
  const formData = await readFormData(request);
  const input = parseIntent(IntentSchema, formData);
  const ctx = { user, agreementId, audit: requestInfo(request) };
  try {
    const { note } =
      input.intent === "move"
        ? await moveEvaluationMoment({ ...ctx, momentId: input.momentId, date: input.date })
        : await addEvaluationMoment({ ...ctx, date: input.date, label: input.label });
    const ok = input.intent === "move" ? "Het moment is verplaatst." : "Het moment is toegevoegd.";
    return { ok: note ? `${ok} ${note}` : ok };
  } catch (error) {
    return replyWithError(error, (e) => ({ message: e.message, intent: input.intent, momentId: "momentId" in input ? input.momentId : null }));
  }
}

export default function Evaluations() {
  const { agreement, canEvaluate, moments, history, blocks, daysOff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { ok?: string; message?: string; intent?: string; momentId?: string | null } | undefined;
  const formatDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Evaluaties</h1>
      {result?.ok ? (
        <div className="alert alert--ok" role="status">
          {result.ok}
        </div>
      ) : null}
      {result?.message && result.intent === "add" ? (
        <div className="alert alert--error" role="alert">
          {result.message}
        </div>
      ) : null}
      <section aria-labelledby="momenten">
        <h2 id="momenten">Evaluatiemomenten</h2>
        {moments.length === 0 ? <p>Nog geen evaluatiemomenten. Ze worden gepland zodra de overeenkomst ondertekend is.</p> : null}
        <ul className="agreement-list">
          {moments.map((m) => (
            <li key={m.id}>
              <strong>{m.label}</strong> — {formatDate(m.date)} · {m.status === "afgerond" ? "afgerond" : "gepland"}
              {m.records.map((r) => (
                <p key={r.id} className="meta">
                  Vastgelegd door {r.by} op {r.at}
                  {r.summary ? `: ${r.summary}` : ""}
                </p>
              ))}
              {canEvaluate ? (
                <div className="inline-forms">
                  <Link className="button button--small" to={m.id}>
                    Evaluatie invullen<span className="visually-hidden">: {m.label}</span>
                  </Link>
                  <Form method="post" className="inline-forms">
                    <input type="hidden" name="momentId" value={m.id} />
                    <label htmlFor={`date-${m.id}`} className="visually-hidden">
                      Nieuwe datum voor {m.label}
                    </label>
                    <input id={`date-${m.id}`} type="date" name="date" defaultValue={m.date} required />
                    <button className="button button--secondary button--small" name="intent" value="move">
                      Verplaatsen
                    </button>
                  </Form>
                  {result?.message && result.momentId === m.id ? (
                    <p className="field-error" role="alert">
                      {result.message}
                    </p>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {daysOff.length > 0 ? (
          <section aria-labelledby="vrije-dagen" className="card narrow">
            <h3 id="vrije-dagen">Eigen vrije dagen van de partijen rond deze momenten</h3>
            <p className="meta">Op deze dagen plannen we geen evaluatie en sturen we geen herinneringen.</p>
            <ul>
              {daysOff.map((d) => (
                <li key={d.id}>
                  {formatDate(d.startDate)}
                  {d.endDate !== d.startDate ? ` tot en met ${formatDate(d.endDate)}` : ""}: {d.organisationName} —{" "}
                  {d.label ?? "geen werkdag"}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {canEvaluate ? (
          <Form method="post" className="card narrow">
            <h3>Moment toevoegen</h3>
            <Field id="new-label" label="Naam">
              <input id="new-label" name="label" type="text" defaultValue="Extra evaluatie" />
            </Field>
            <Field id="new-date" label="Datum" hint="Een schooldag binnen het schooljaar van de overeenkomst.">
              <input id="new-date" name="date" type="date" required />
            </Field>
            <button className="button" name="intent" value="add">
              Toevoegen
            </button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="bouwstenen">
        <h2 id="bouwstenen">Bouwstenen van de samenwerking</h2>
        <BouwsteenChart history={history} blocks={blocks} />
      </section>
    </>
  );
}
