import { getFormProps, getSelectProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors } from "~/components/ui/field";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { ExistingAgreementError } from "~/domain/agreements/same-agreement.server";
import { documentTypeOptions, templateLibrary } from "~/domain/templates/document-types.server";
import { CreateAgreementSchema } from "~/domain/agreements/schemas";
import { nextSchoolYear, schoolYearOf } from "~/domain/calendar";
import { listPickableCounterparts, ownDraftingOrganisations, requirePickableCounterpart } from "~/domain/onboarding/counterparts.server";
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from "~/domain/organisations/kinds";
import { DEFAULT_EDUCATION_LEVEL, EDUCATION_LEVEL_LABELS, EDUCATION_LEVELS, LEAN_MAX_CLAUSES } from "~/domain/templates/schema";
import { forbidden } from "~/utils/errors";
import { replyWithAppError } from "~/utils/form-errors.server";
import { appErrorResponse } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { readFormData } from "~/utils/form-data.server";
import type { SessionUser } from "~/domain/access/actor";
import { requireUser } from "~/utils/session.server";

const CLAUSE_SET_CHOICES = [
  { value: "kort", label: "Korte nota (aanbevolen)" },
  { value: "volledig", label: "Volledige nota" },
] as const;

export const meta: MetaFunction = () => [{ title: "Nieuwe overeenkomst — Akkoord" }];

/** The organisations the user may draft for; 403 (before reading any form) when none. */
function draftingOrganisations(user: SessionUser) {
  const own = ownDraftingOrganisations(user);
  if (own.length === 0) throw appErrorResponse(forbidden("Uw rol laat niet toe om overeenkomsten op te stellen."));
  return own;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const own = draftingOrganisations(user);
  // Only what the user may pick: never every organisation in the database.
  const counterparts = await listPickableCounterparts(user);
  const current = schoolYearOf(new Date().toISOString().slice(0, 10));
  const documentTypes = documentTypeOptions();
  // "Nota opstellen" on a dashboard: the type, own organisation and school chosen
  // (?soort=&eigen=&partij=); anything not offered here is ignored.
  const params = new URL(request.url).searchParams;
  const preset = {
    documentType: documentTypes.find((t) => t.id === params.get("soort"))?.id,
    ownOrganisationId: own.find((o) => o.id === params.get("eigen"))?.id,
    counterpartOrganisationId: counterparts.find((o) => o.id === params.get("partij"))?.id,
  };
  return {
    own: own.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "nl-BE")),
    counterparts,
    preset,
    schoolYears: [current, nextSchoolYear(current), nextSchoolYear(nextSchoolYear(current))],
    documentTypes,
    // The types that have a short nota, for the hint next to the choice.
    withShortSet: [...templateLibrary().documentTypes.values()].filter((t) => t.leanClauses !== undefined)
      // "Afsprakennota school en CLB" → "afsprakennota school en CLB": only the first letter.
      .map((t) => t.label.charAt(0).toLocaleLowerCase("nl-BE") + t.label.slice(1)),
    educationLevels: EDUCATION_LEVELS.map((id) => ({ id, label: EDUCATION_LEVEL_LABELS[id] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  draftingOrganisations(user);
  const submission = parseWithZod(await readFormData(request), { schema: CreateAgreementSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await requirePickableCounterpart(user, submission.value.ownOrganisationId, submission.value.counterpartOrganisationId);
    const agreement = await createAgreement({ user, input: submission.value, audit: requestInfo(request) });
    return redirect(`/overeenkomsten/${agreement.id}`);
  } catch (error) {
    // The same parties, type and school year already have one: open it.
    if (error instanceof ExistingAgreementError) return redirect(`/overeenkomsten/${error.agreementId}`);
    return replyWithAppError(submission, error);
  }
}

export default function NewAgreement() {
  const { own, counterparts, preset, schoolYears, documentTypes, withShortSet, educationLevels } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    defaultValue: {
      schoolYear: schoolYears[0],
      ownOrganisationId: preset.ownOrganisationId ?? own[0]?.id,
      documentType: preset.documentType,
      counterpartOrganisationId: preset.counterpartOrganisationId,
      clauseSet: "kort",
      educationLevel: DEFAULT_EDUCATION_LEVEL,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateAgreementSchema }),
  });
  const kinds = [...new Set(counterparts.map((o) => o.kind))];
  return (
    <div className="card narrow">
      <h1>Nieuwe overeenkomst</h1>
      <p className="lead">Kies de soort overeenkomst, het schooljaar en de partijen. De titel vullen we voor u in.</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field id={fields.documentType.id} label="Soort overeenkomst" errors={fields.documentType.errors} errorId={fields.documentType.errorId}>
          <select {...getSelectProps(fields.documentType)}>
            <option value="">— Kies —</option>
            {documentTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={fields.schoolYear.id} label="Schooljaar" hint="Bij een overeenkomst voor meerdere jaren: het eerste schooljaar." errors={fields.schoolYear.errors} errorId={fields.schoolYear.errorId}>
          <select {...getSelectProps(fields.schoolYear)}>
            {schoolYears.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </Field>
        <Field id={fields.ownOrganisationId.id} label="Uw organisatie" errors={fields.ownOrganisationId.errors} errorId={fields.ownOrganisationId.errorId}>
          <select {...getSelectProps(fields.ownOrganisationId)}>
            {own.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={fields.counterpartOrganisationId.id}
          label="Andere partij"
          hint="Niet nodig voor een engagementsverklaring tussen school en ouders."
          errors={fields.counterpartOrganisationId.errors}
          errorId={fields.counterpartOrganisationId.errorId}
        >
          <select {...getSelectProps(fields.counterpartOrganisationId)}>
            <option value="">— Geen —</option>
            {kinds.map((kind) => (
              <optgroup key={kind} label={ORGANISATION_KIND_LABELS[kind as OrganisationKind] ?? kind}>
                {counterparts
                  .filter((o) => o.kind === kind)
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                      {o.municipality ? ` (${o.municipality})` : ""}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field
          id={fields.educationLevel.id}
          label="Onderwijsniveau"
          hint="Zo krijgt u de clausules die passen bij de school, bijvoorbeeld over examens in het secundair."
          errors={fields.educationLevel.errors}
          errorId={fields.educationLevel.errorId}
        >
          <select {...getSelectProps(fields.educationLevel)}>
            {educationLevels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="field" aria-describedby={`${fields.clauseSet.id}-hint`}>
          <legend>Hoe uitgebreid</legend>
          <span className="hint" id={`${fields.clauseSet.id}-hint`}>
            Voor een {withShortSet.join(" of ")}: de korte nota heeft hoogstens {LEAN_MAX_CLAUSES} clausules, genoeg voor een goed
            gesprek. De andere clausules voegt u later met één klik toe vanuit de bibliotheek.
          </span>
          {CLAUSE_SET_CHOICES.map((choice) => (
            <label key={choice.value} style={{ fontWeight: 400, display: "flex", gap: ".5rem", alignItems: "center" }}>
              <input {...getInputProps(fields.clauseSet, { type: "radio", value: choice.value })} id={`${fields.clauseSet.id}-${choice.value}`} />
              {choice.label}
            </label>
          ))}
          {fields.clauseSet.errors?.[0] ? (
            <p className="field-error" id={fields.clauseSet.errorId}>
              {fields.clauseSet.errors[0]}
            </p>
          ) : null}
        </fieldset>
        <Field id={fields.title.id} label="Titel (niet verplicht)" hint="Leeg laten: we stellen een titel voor." errors={fields.title.errors} errorId={fields.title.errorId}>
          <input {...getInputProps(fields.title, { type: "text" })} />
        </Field>
        <div className="actions">
          <button type="submit" className="button">
            Overeenkomst aanmaken
          </button>
        </div>
      </Form>
    </div>
  );
}
