import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ClauseText, Provenance } from "~/components/drafting/clause-view";
import { Field, FormErrors } from "~/components/ui/field";
import { resetClauseText, updateClauseText } from "~/domain/drafting/edit-draft.server";
import { ClauseTextSchema } from "~/domain/drafting/schemas";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { READABILITY_TARGET } from "~/domain/drafting/writing-aids";
import { notFound } from "~/utils/errors";
import { readFormData } from "~/utils/form-data.server";
import { replyWithAppError } from "~/utils/form-errors.server";
import { appErrorResponse, orRespond, throwAsResponse } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Clausule aanpassen — Akkoord" }];

async function loadClause(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requireUser(request);
  const draft = await orRespond(loadDraft({ user, agreementId: params.agreementId ?? "", permission: "agreement:edit" }));
  const clause = draft.clauses.find((c) => c.id === params.clauseId);
  if (!clause) throw appErrorResponse(notFound("Deze clausule bestaat niet (meer) in dit concept."));
  return { user, draft, clause };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { draft, clause } = await loadClause(request, params);
  return {
    agreement: { id: draft.agreement.id, title: draft.agreement.title, revision: draft.agreement.draftRevision },
    clause: {
      id: clause.id,
      title: clause.title,
      body: clause.body,
      text: clause.text,
      templateId: clause.templateId,
      templateVersion: clause.templateVersion,
      currentTemplateVersion: clause.currentTemplateVersion,
      modified: clause.modified,
      variables: clause.variableDefs.map((v) => ({ name: v.name, label: v.label })),
      aids: clause.aids,
    },
    readabilityTarget: READABILITY_TARGET,
  };
}

const EditSchema = ClauseTextSchema.extend({
  intent: z.enum(["save", "reset"]).default("save"),
  revision: z.coerce.number().int().min(0),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await loadClause(request, params);
  const formData = await readFormData(request, { multiLine: ["body"] });
  const ctxBase = { user, agreementId: params.agreementId!, clauseId: params.clauseId!, audit: requestInfo(request) };
  if (formData.get("intent") === "reset") {
    const revision = Number(formData.get("revision"));
    try {
      await resetClauseText({ ...ctxBase, revision: Number.isInteger(revision) ? revision : -1 });
    } catch (error) {
      throwAsResponse(error);
    }
    return redirect(`/overeenkomsten/${params.agreementId}#clausule-${params.clauseId}`);
  }
  const submission = parseWithZod(formData, { schema: EditSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await updateClauseText({ ...ctxBase, revision: submission.value.revision, title: submission.value.title, body: submission.value.body });
  } catch (error) {
    return replyWithAppError(submission, error);
  }
  return redirect(`/overeenkomsten/${params.agreementId}#clausule-${params.clauseId}`);
}

export default function EditClause() {
  const { agreement, clause, readabilityTarget } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { title: clause.title, body: clause.body },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
  });
  const conflict = form.errors?.some((e) => e.startsWith("Iemand anders"));
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Clausule aanpassen</h1>
      <p className="lead">
        Wat u hier wijzigt, geldt alleen voor deze overeenkomst. <Provenance {...clause} />
      </p>
      <div className="card">
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          {conflict ? (
            <div className="alert alert--info">
              <p>
                <strong>De huidige tekst:</strong>
              </p>
              <ClauseText text={clause.body} />
            </div>
          ) : null}
          <input type="hidden" name="revision" value={agreement.revision} />
          <Field id={fields.title.id} label="Titel" errors={fields.title.errors} errorId={fields.title.errorId}>
            <input {...getInputProps(fields.title, { type: "text" })} />
          </Field>
          <Field
            id={fields.body.id}
            label="Tekst"
            hint={`Gewone tekst; een regel die begint met "- " wordt een opsomming. Invulvelden: ${clause.variables.map((v) => `{{${v.name}}}`).join(", ") || "geen"}.`}
            errors={fields.body.errors}
            errorId={fields.body.errorId}
          >
            <textarea {...getTextareaProps(fields.body)} rows={14} />
          </Field>
          <div className="actions">
            <button type="submit" className="button" name="intent" value="save">
              Bewaren
            </button>
            {clause.templateId && clause.modified ? (
              <button type="submit" className="button button--secondary" name="intent" value="reset" formNoValidate>
                Tekst van het sjabloon terugzetten
              </button>
            ) : null}
            <Link to={`/overeenkomsten/${agreement.id}`}>Annuleren</Link>
          </div>
        </Form>
      </div>
      <section className="card aids" aria-labelledby="schrijfhulp">
        <h2 id="schrijfhulp">Schrijfhulp</h2>
        {clause.aids.readability ? (
          <p>
            Leesbaarheid (Flesch–Douma): <strong>{clause.aids.readability.score}</strong> — {clause.aids.readability.label}.{" "}
            {clause.aids.readability.meetsTarget
              ? "Goed leesbaar."
              : `Mik op ${readabilityTarget} of meer: kortere zinnen en kortere woorden helpen.`}
          </p>
        ) : null}
        {clause.aids.privacy.length > 0 ? (
          <div className="alert alert--error">
            <p>
              <strong>Mogelijk persoonsgegevens.</strong> Een overeenkomst gaat over organisaties en rollen, nooit over leerlingen of gezinnen.
            </p>
            <ul>
              {clause.aids.privacy.map((w, i) => (
                <li key={i}>
                  “{w.excerpt}”: {w.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {clause.aids.glossary.length > 0 ? (
          <>
            <p>Vaktermen in deze tekst (leg ze uit of vermijd ze):</p>
            <dl className="details">
              {clause.aids.glossary.map((g) => (
                <GlossaryRow key={g.term} term={g.term} explanation={g.explanation} />
              ))}
            </dl>
          </>
        ) : (
          <p>Geen vaktermen gevonden.</p>
        )}
        <h3>Zo ziet de clausule er nu uit</h3>
        <ClauseText text={clause.text} />
      </section>
    </>
  );
}

function GlossaryRow({ term, explanation }: { term: string; explanation: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{explanation}</dd>
    </>
  );
}
