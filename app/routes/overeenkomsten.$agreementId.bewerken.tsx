import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors } from "~/components/ui/field";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { isDraftEditable } from "~/domain/drafting/editable";
import { UpdateAgreementSchema } from "~/domain/agreements/schemas";
import { updateAgreement } from "~/domain/agreements/update-agreement.server";
import { replyWithAppError } from "~/utils/form-errors.server";
import { orRespond } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { readFormData } from "~/utils/form-data.server";
import { requireUser } from "~/utils/session.server";
import { SigningOrderOptions } from "~/components/drafting/signatories";

export const meta: MetaFunction = () => [{ title: "Gegevens wijzigen — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const agreement = await orRespond(
    findAgreementForUser({ user, agreementId: params.agreementId ?? "", permission: "agreement:edit" }),
  );
  return {
    agreement: {
      id: agreement.id,
      title: agreement.title,
      schoolYear: agreement.schoolYear,
      revision: agreement.draftRevision,
      signingOrder: agreement.signingOrder,
      reminderFirstDays: agreement.reminderFirstDays,
      reminderIntervalDays: agreement.reminderIntervalDays,
      reminderMax: agreement.reminderMax,
      editable: isDraftEditable(agreement),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  // Scope first: a foreign or unknown agreement is a 404 whatever was sent.
  await orRespond(findAgreementForUser({ user, agreementId, permission: "agreement:edit" }));
  const submission = parseWithZod(await readFormData(request), { schema: UpdateAgreementSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await updateAgreement({ user, agreementId, input: submission.value, audit: requestInfo(request) });
  } catch (error) {
    return replyWithAppError(submission, error);
  }
  return redirect(`/overeenkomsten/${agreementId}`);
}

export default function EditAgreement() {
  const { agreement } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    defaultValue: {
      title: agreement.title,
      schoolYear: agreement.schoolYear,
      signingOrder: agreement.signingOrder,
      reminderFirstDays: String(agreement.reminderFirstDays),
      reminderIntervalDays: String(agreement.reminderIntervalDays),
      reminderMax: String(agreement.reminderMax),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateAgreementSchema }),
  });
  if (!agreement.editable) {
    return (
      <div className="card narrow">
        <h1>Gegevens wijzigen</h1>
        <p>Deze overeenkomst kan nu niet gewijzigd worden. Start eerst een wijziging op de pagina van de overeenkomst.</p>
        <Link to={`/overeenkomsten/${agreement.id}`}>Terug naar de overeenkomst</Link>
      </div>
    );
  }
  return (
    <div className="card narrow">
      <h1>Gegevens en ondertekening</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        {form.errors?.length ? (
          <p className="alert alert--info">
            Huidige titel: <strong>{agreement.title}</strong>, schooljaar {agreement.schoolYear}.
          </p>
        ) : null}
        {/* The revision the form was loaded with: a save based on an older one is refused. */}
        <input type="hidden" name="revision" value={agreement.revision} />
        <Field id={fields.title.id} label="Titel" errors={fields.title.errors} errorId={fields.title.errorId}>
          <input {...getInputProps(fields.title, { type: "text" })} />
        </Field>
        <Field id={fields.schoolYear.id} label="Schooljaar" hint="Zoals 2026-2027." errors={fields.schoolYear.errors} errorId={fields.schoolYear.errorId}>
          <input {...getInputProps(fields.schoolYear, { type: "text" })} inputMode="numeric" />
        </Field>
        <Field id={fields.signingOrder.id} label="Ondertekenen" errors={fields.signingOrder.errors} errorId={fields.signingOrder.errorId}>
          <select {...getSelectProps(fields.signingOrder)}>
            <SigningOrderOptions />
          </select>
        </Field>
        <fieldset className="field">
          <legend>Herinneringen aan wie nog niet ondertekende</legend>
          <Field id={fields.reminderFirstDays.id} label="Eerste herinnering na (dagen)" errors={fields.reminderFirstDays.errors} errorId={fields.reminderFirstDays.errorId}>
            <input {...getInputProps(fields.reminderFirstDays, { type: "text" })} inputMode="numeric" />
          </Field>
          <Field id={fields.reminderIntervalDays.id} label="Daarna elke (dagen)" errors={fields.reminderIntervalDays.errors} errorId={fields.reminderIntervalDays.errorId}>
            <input {...getInputProps(fields.reminderIntervalDays, { type: "text" })} inputMode="numeric" />
          </Field>
          <Field id={fields.reminderMax.id} label="Hoogstens (aantal herinneringen, 0 = geen)" errors={fields.reminderMax.errors} errorId={fields.reminderMax.errorId}>
            <input {...getInputProps(fields.reminderMax, { type: "text" })} inputMode="numeric" />
          </Field>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            Bewaren
          </button>
          <Link to={`/overeenkomsten/${agreement.id}`}>Annuleren</Link>
        </div>
      </Form>
    </div>
  );
}
