import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors } from "~/components/ui/field";
import { DIRECTIE_AKKOORD, INTAKE_COMMITMENTS, INTAKE_PRIVACY_NOTE, INTAKE_QUESTIONS, IntakeSchema, parseStoredIntake } from "~/domain/onboarding/intake";
import { saveIntake } from "~/domain/onboarding/save-intake.server";
import { findSchoolForService, findSchoolWithIntake } from "~/domain/onboarding/service-schools.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Intake — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { school, intakeNotes } = await orRespond(findSchoolWithIntake({ user, schoolId: params.schoolId ?? "" }));
  const { intake, freeText } = parseStoredIntake(intakeNotes);
  return { school: { id: school.id, name: school.name }, answers: intake?.antwoorden ?? null, freeText };
}

type Raw = {
  waarom: string;
  drempels: string;
  engagementen: string[];
  andereEngagementen: string;
  contactpersoon: string;
  directieAkkoord: string;
  startVanaf: string;
  opmerkingen: string;
};
type ActionData = { ok?: string; warnings?: string[]; errors?: Record<string, string>; values?: Raw };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { school } = await orRespond(findSchoolForService({ user, schoolId: params.schoolId ?? "" }));
  const formData = await readFormData(request, { multiLine: ["waarom", "drempels", "andereEngagementen", "opmerkingen"] });
  const text = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v.slice(0, 10_000) : "";
  };
  const raw: Raw = {
    waarom: text("waarom"),
    drempels: text("drempels"),
    engagementen: formData
      .getAll("engagementen")
      .filter((v): v is string => typeof v === "string")
      .slice(0, 50),
    andereEngagementen: text("andereEngagementen"),
    contactpersoon: text("contactpersoon"),
    directieAkkoord: text("directieAkkoord"),
    startVanaf: text("startVanaf"),
    opmerkingen: text("opmerkingen"),
  };
  const parsed = IntakeSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data<ActionData>({ errors, values: raw }, { status: 400 });
  }
  const { warnings } = await orRespond(saveIntake({ user, schoolId: school.id, answers: parsed.data, audit: requestInfo(request) }));
  return {
    ok: "De intake is bewaard.",
    warnings: [...new Set(warnings.map((w) => `${w.message} (“${w.excerpt}”)`))],
    values: raw,
  } satisfies ActionData;
}

export default function IntakePage() {
  const { school, answers, freeText } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const e = result?.errors ?? {};
  const value = (key: Exclude<keyof Raw, "engagementen">): string => result?.values?.[key] ?? (answers ? String(answers[key] ?? "") : "");
  const chosen = result?.values?.engagementen ?? answers?.engagementen ?? [];
  const describedBy = (id: string, hint: boolean) => [hint ? `${id}-hint` : "", e[id] ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const textArea = (key: "waarom" | "drempels" | "andereEngagementen" | "opmerkingen", rows = 4) => {
    const q = INTAKE_QUESTIONS[key];
    return (
      <Field id={key} label={q.label} hint={q.hint} errors={e[key] ? [e[key]] : undefined}>
        <textarea
          id={key}
          name={key}
          rows={rows}
          defaultValue={value(key)}
          aria-invalid={e[key] ? true : undefined}
          aria-describedby={describedBy(key, Boolean(q.hint))}
        />
      </Field>
    );
  };
  return (
    <>
      <p className="meta">
        <Link to={`/scholen/${school.id}`}>← {school.name}</Link>
      </p>
      <h1>Intake: {school.name}</h1>
      <p className="lead">Een gesprek met de school voor ze een brugfiguur krijgt: waarom ze er een wil en wat ze zelf engageert.</p>
      <p className="alert alert--info">
        <strong>Let op:</strong> {INTAKE_PRIVACY_NOTE}
      </p>
      {result?.ok ? (
        <p className="alert alert--ok" role="status">
          {result.ok} <Link to={`/scholen/${school.id}`}>Terug naar de school</Link>
        </p>
      ) : null}
      {result?.warnings?.length ? (
        <div className="alert alert--error" role="alert">
          <p style={{ margin: 0 }}>Controleer of hier geen gegevens van leerlingen of gezinnen staan:</p>
          <ul>
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <FormErrors
        errors={Object.keys(e).length ? ["Niet alles is goed ingevuld. Verbeter de velden met een foutmelding; er werd niets bewaard."] : undefined}
      />
      {freeText ? (
        <div className="card">
          <p style={{ marginTop: 0 }}>Eerdere notities (worden vervangen als u dit formulier bewaart):</p>
          <p style={{ whiteSpace: "pre-wrap" }}>{freeText}</p>
        </div>
      ) : null}
      <Form method="post" noValidate className="card">
        {textArea("waarom", 5)}
        {textArea("drempels")}
        <fieldset className="field" aria-describedby={e.engagementen ? "engagementen-error" : undefined}>
          <legend>Wat engageert de school zich om te doen?</legend>
          <span className="hint">Vink aan wat de school toezegt. Dit komt later terug in de engagementsverklaring.</span>
          {INTAKE_COMMITMENTS.map((c) => (
            <div key={c.id}>
              <label style={{ fontWeight: 400, display: "flex", gap: ".5rem", alignItems: "flex-start" }}>
                <input
                  type="checkbox"
                  name="engagementen"
                  value={c.id}
                  defaultChecked={chosen.includes(c.id)}
                  style={{ width: "1.2rem", height: "1.2rem", marginTop: ".2rem" }}
                />
                {c.label}
              </label>
            </div>
          ))}
          {e.engagementen ? (
            <p className="field-error" id="engagementen-error">
              {e.engagementen}
            </p>
          ) : null}
        </fieldset>
        {textArea("andereEngagementen", 3)}
        <fieldset className="field" aria-describedby={e.directieAkkoord ? "directieAkkoord-error" : undefined}>
          <legend>{INTAKE_QUESTIONS.directieAkkoord.label}</legend>
          {Object.entries(DIRECTIE_AKKOORD).map(([key, label]) => (
            <div key={key}>
              <label style={{ fontWeight: 400 }}>
                <input type="radio" name="directieAkkoord" value={key} defaultChecked={value("directieAkkoord") === key} /> {label}
              </label>
            </div>
          ))}
          {e.directieAkkoord ? (
            <p className="field-error" id="directieAkkoord-error">
              {e.directieAkkoord}
            </p>
          ) : null}
        </fieldset>
        <Field
          id="contactpersoon"
          label={INTAKE_QUESTIONS.contactpersoon.label}
          hint={INTAKE_QUESTIONS.contactpersoon.hint}
          errors={e.contactpersoon ? [e.contactpersoon] : undefined}
        >
          <input
            id="contactpersoon"
            name="contactpersoon"
            type="text"
            defaultValue={value("contactpersoon")}
            aria-describedby={describedBy("contactpersoon", true)}
          />
        </Field>
        <Field
          id="startVanaf"
          label={INTAKE_QUESTIONS.startVanaf.label}
          hint={INTAKE_QUESTIONS.startVanaf.hint}
          errors={e.startVanaf ? [e.startVanaf] : undefined}
        >
          <input id="startVanaf" name="startVanaf" type="text" defaultValue={value("startVanaf")} aria-describedby={describedBy("startVanaf", true)} />
        </Field>
        {textArea("opmerkingen", 3)}
        <div className="actions">
          <button type="submit" className="button">
            Intake bewaren
          </button>
          <Link to={`/scholen/${school.id}`}>Annuleren</Link>
        </div>
      </Form>
    </>
  );
}
