import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { VariableField } from "~/components/drafting/variable-field";
import { saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { variableFieldSpec } from "~/domain/drafting/field-spec";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { variableValueToRaw } from "~/domain/templates/variables";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Gegevens invullen — Akkoord" }];

// The form is built from the variables of the clauses in the draft — only
// those — grouped by the section where each first appears.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const draft = await orRespond(loadDraft({ user, agreementId: params.agreementId ?? "", permission: "agreement:edit", withAids: false }));
  const groups: Array<{ id: string; title: string; fields: Array<ReturnType<typeof variableFieldSpec>> }> = [];
  for (const variable of draft.variables) {
    let group = groups.find((g) => g.id === variable.sectionId);
    if (!group) groups.push((group = { id: variable.sectionId, title: variable.sectionTitle, fields: [] }));
    group.fields.push(variableFieldSpec(variable, variableValueToRaw(variable, draft.values[variable.name]), draft.parties));
  }
  return {
    agreement: { id: draft.agreement.id, title: draft.agreement.title, revision: draft.agreement.draftRevision },
    groups,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  await orRespond(loadDraft({ user, agreementId, permission: "agreement:edit", withAids: false }));
  const formData = await readFormData(request, { multiLine: (name) => name.startsWith("v:") });
  const revision = Number(formData.get("revision"));
  const raw: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (key.startsWith("v:") && typeof value === "string") raw[key.slice(2)] = value;
  }
  try {
    const result = await saveDraftValues({ user, agreementId, revision: Number.isInteger(revision) ? revision : -1, raw, audit: requestInfo(request) });
    if (!result.ok) {
      return data({ message: "Niet alles is goed ingevuld. Verbeter de velden met een foutmelding; er werd niets bewaard.", errors: result.errors, raw }, { status: 400 });
    }
  } catch (error) {
    return replyWithError(error, (e) => ({ message: e.message, errors: {} as Record<string, string>, raw }));
  }
  return redirect(`/overeenkomsten/${agreementId}`);
}

export default function FillIn() {
  const { agreement, groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Gegevens invullen</h1>
      <p className="lead">Wat u hier invult, komt in alle clausules die het gebruiken. Zet hier geen gegevens van leerlingen of gezinnen.</p>
      {result?.message ? (
        <div className="alert alert--error" role="alert">
          {result.message}
        </div>
      ) : null}
      <Form method="post">
        <input type="hidden" name="revision" value={agreement.revision} />
        {groups.length === 0 ? <p>De clausules in dit concept hebben geen invulvelden.</p> : null}
        {groups.map((group) => (
          <fieldset key={group.id} className="card">
            <legend>
              <h2 style={{ margin: 0 }}>{group.title}</h2>
            </legend>
            {group.fields.map((f) => (
              <VariableField key={f.name} f={f} value={result?.raw?.[f.name] ?? f.value} error={result?.errors?.[f.name]} />
            ))}
          </fieldset>
        ))}
        <div className="actions">
          <button type="submit" className="button">
            Bewaren
          </button>
          <Link to={`/overeenkomsten/${agreement.id}`}>Annuleren</Link>
        </div>
      </Form>
    </>
  );
}
