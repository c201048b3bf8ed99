import { randomUUID } from "node:crypto";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { DashboardStatusBadge } from "~/components/dashboard/status";
import { VariableField } from "~/components/drafting/variable-field";
import { Field, FormErrors } from "~/components/ui/field";
import { CSV_MAX_BYTES, decodeCsvBytes } from "~/domain/onboarding/csv-input";
import {
  bulkSchoolChoices,
  bulkSchoolYears,
  checkBulkSubmission,
  isOfferedSchoolYear,
  prepareBulkForm,
  type BulkFormField,
  type BulkFormSchool,
} from "~/domain/onboarding/bulk-form.server";
import { BULK_MAX_SCHOOLS, startBulkSend } from "~/domain/onboarding/bulk-send.server";
import { schoolFieldName, SERVICE_FIELDS } from "~/domain/onboarding/bulk-fields";
import { parseSignatoriesCsv } from "~/domain/onboarding/bulk-values";
import { SIGNATORY_CSV_EXAMPLE } from "~/domain/onboarding/csv-examples";
import { requireService } from "~/domain/onboarding/service-schools.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction = () => [{ title: "Engagementsverklaring versturen — Akkoord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const years = bulkSchoolYears();
  const asked = params.get("schooljaar") ?? "";
  const schoolYear = isOfferedSchoolYear(asked) ? asked : years[0]!;
  const { service, schools } = await orRespond(Promise.resolve().then(() => bulkSchoolChoices({ user, schoolYear })));
  const municipality = params.get("gemeente") || null;
  const municipalities = [...new Set(schools.map((s) => s.municipality).filter((m): m is string => Boolean(m)))].sort((a, b) => a.localeCompare(b, "nl-BE"));
  const shown = municipality ? schools.filter((s) => s.municipality === municipality) : schools;
  const preselected = new Set(params.getAll("school"));
  const checkOpen = params.get("alles") === "1";
  return {
    service,
    schoolYear,
    schoolYears: years,
    municipality,
    municipalities,
    schools: shown.map((s) => ({
      id: s.id,
      name: s.name,
      instellingsnummer: s.instellingsnummer,
      municipality: s.municipality,
      status: s.status,
      checked: preselected.has(s.id) || (checkOpen && (s.status === "geen" || s.status === "verlopen")),
    })),
  };
}

type Step2 = {
  step: "gegevens";
  /** New per answer, so the form's fields take the new values (also with client-side navigation). */
  nonce: string;
  schoolYear: string;
  schools: BulkFormSchool[];
  fields: BulkFormField[];
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
  info?: string;
};
type Step1Error = { step: "kies"; message: string };
type ActionData = Step2 | Step1Error;

const IntentSchema = z.object({ intent: z.enum(["kies", "csv", "versturen"]) }).passthrough();

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && /^(s:|v:|dienst:)/.test(key) && key.length < 200) values[key] = value.slice(0, 10_000);
  }
  return values;
}

async function signatoriesCsv(formData: FormData): Promise<string | null> {
  const file = formData.get("ondertekenaarsBestand");
  if (file && typeof file !== "string" && file.size > 0) {
    return file.size > CSV_MAX_BYTES ? "" : decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
  }
  const text = formData.get("ondertekenaars");
  return typeof text === "string" && text.trim() !== "" ? text.slice(0, CSV_MAX_BYTES) : null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await orRespond(Promise.resolve().then(() => requireService(user)));
  const formData = await readFormData(request, { multiLine: (name) => name === "ondertekenaars" || name.startsWith("v:") });
  const { intent } = parseIntent(IntentSchema, formData);
  const schoolIds = [...new Set(formData.getAll("school").filter((v): v is string => typeof v === "string" && v.length <= 100))];
  const schoolYear = String(formData.get("schoolYear") ?? "");
  if (schoolIds.length === 0) return data<ActionData>({ step: "kies", message: "Kies minstens één school." }, { status: 400 });
  if (schoolIds.length > BULK_MAX_SCHOOLS) {
    return data<ActionData>({ step: "kies", message: `Kies hoogstens ${BULK_MAX_SCHOOLS} scholen per keer.` }, { status: 400 });
  }
  if (!isOfferedSchoolYear(schoolYear)) return data<ActionData>({ step: "kies", message: "Kies een schooljaar uit de lijst." }, { status: 400 });

  const form = await prepareBulkForm({ user, schoolIds });
  if (form.schools.length !== schoolIds.length) {
    return data<ActionData>({ step: "kies", message: "Een van de gekozen scholen hoort niet bij uw brugfigurenwerking. Kies opnieuw." }, { status: 400 });
  }
  const base = { step: "gegevens" as const, nonce: randomUUID(), schoolYear, schools: form.schools, fields: form.fields };

  if (intent === "kies") {
    const values: Record<string, string> = {
      [SERVICE_FIELDS.name]: form.serviceSignatory.name,
      [SERVICE_FIELDS.functionTitle]: form.serviceSignatory.functionTitle,
      [SERVICE_FIELDS.email]: form.serviceSignatory.email,
    };
    for (const s of form.schools) {
      values[schoolFieldName(s.id, "name")] = s.previous?.name ?? "";
      values[schoolFieldName(s.id, "functionTitle")] = s.previous?.functionTitle ?? "directeur";
      values[schoolFieldName(s.id, "email")] = s.previous?.email ?? "";
      values[schoolFieldName(s.id, "contact")] = "";
    }
    for (const f of form.fields) values[`v:${f.name}`] = f.defaultValue;
    return { ...base, values, errors: {} } satisfies ActionData;
  }

  const values = formValues(formData);
  if (intent === "csv") {
    const text = await signatoriesCsv(formData);
    if (text === null)
      return data<ActionData>({ ...base, values, errors: {}, message: "Kies een CSV-bestand of plak de lijst in het tekstvak." }, { status: 400 });
    const parsed = parseSignatoriesCsv(text);
    if (!parsed.ok) return data<ActionData>({ ...base, values, errors: {}, message: parsed.message }, { status: 400 });
    let matched = 0;
    for (const s of form.schools) {
      const row = s.instellingsnummer ? parsed.byNumber.get(s.instellingsnummer) : undefined;
      if (!row) continue;
      matched++;
      values[schoolFieldName(s.id, "name")] = row.name;
      if (row.functionTitle) values[schoolFieldName(s.id, "functionTitle")] = row.functionTitle;
      values[schoolFieldName(s.id, "email")] = row.email;
      if (row.contact) values[schoolFieldName(s.id, "contact")] = row.contact;
    }
    return {
      ...base,
      values,
      errors: {},
      info: `Gegevens overgenomen voor ${matched} van de ${form.schools.length} scholen. Controleer ze hieronder.`,
    } satisfies ActionData;
  }

  const checked = checkBulkSubmission({ schoolIds, schoolYear, values });
  if (!checked.ok) return data<ActionData>({ ...base, values, errors: checked.errors, message: checked.message }, { status: 400 });
  try {
    const { jobId } = await startBulkSend({ user, input: checked.input, audit: requestInfo(request) });
    return redirect(`/scholen/versturen/${jobId}`);
  } catch (error) {
    return replyWithError(error, (e): ActionData => ({ ...base, values, errors: {}, message: e.message }), ["FORBIDDEN", "NOT_FOUND"]);
  }
}

function DetailsForm({ result }: { result: Step2 }) {
  const v = (name: string) => result.values[name] ?? "";
  const err = (name: string) => result.errors[name];
  const groups: Array<{ id: string; title: string; fields: BulkFormField[] }> = [];
  for (const f of result.fields) {
    let group = groups.find((g) => g.id === f.sectionId);
    if (!group) groups.push((group = { id: f.sectionId, title: f.sectionTitle, fields: [] }));
    group.fields.push(f);
  }
  const COLUMN: Record<"name" | "functionTitle" | "email" | "contact", string> = {
    name: "Naam",
    functionTitle: "Functie",
    email: "E-mailadres",
    contact: "Aanspreekpunt (niet verplicht)",
  };
  const cell = (schoolId: string, field: keyof typeof COLUMN, label: string, type = "text") => {
    const name = schoolFieldName(schoolId, field);
    const id = name.replace(/:/g, "-");
    const error = err(name);
    return (
      <td data-label={COLUMN[field]}>
        <label htmlFor={id} className="visually-hidden">
          {label}
        </label>
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={v(name)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </td>
    );
  };
  return (
    <>
      <h1>Engagementsverklaring versturen</h1>
      <p className="lead">
        Naar {result.schools.length} {result.schools.length === 1 ? "school" : "scholen"}, schooljaar {result.schoolYear}. Elke school krijgt haar eigen
        verklaring met de standaardclausules; de ondertekenaars krijgen een e-mail met een persoonlijke link.
      </p>
      <FormErrors errors={result.message ? [result.message] : undefined} />
      {result.info ? (
        <p className="alert alert--ok" role="status">
          {result.info}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate key={result.nonce}>
        <input type="hidden" name="schoolYear" value={result.schoolYear} />
        {result.schools.map((s) => (
          <input key={s.id} type="hidden" name="school" value={s.id} />
        ))}

        <fieldset className="card">
          <legend>
            <h2 style={{ margin: 0 }}>Ondertekenaar per school</h2>
          </legend>
          <p className="hint">Het aanspreekpunt komt in de verklaring als vast aanspreekpunt van de school; leeg laten = de ondertekenaar.</p>
          <div className="table-wrap">
            <table className="row-grid cards">
              <thead>
                <tr>
                  <th scope="col">School</th>
                  <th scope="col">Naam</th>
                  <th scope="col">Functie</th>
                  <th scope="col">E-mailadres</th>
                  <th scope="col">Aanspreekpunt (niet verplicht)</th>
                </tr>
              </thead>
              <tbody>
                {result.schools.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {s.name}
                      {s.instellingsnummer ? <span className="meta"> · {s.instellingsnummer}</span> : null}
                    </th>
                    {cell(s.id, "name", `Naam van de ondertekenaar voor ${s.name}`)}
                    {cell(s.id, "functionTitle", `Functie van de ondertekenaar voor ${s.name}`)}
                    {cell(s.id, "email", `E-mailadres van de ondertekenaar voor ${s.name}`, "email")}
                    {cell(s.id, "contact", `Aanspreekpunt van ${s.name}`)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <details>
            <summary>Gegevens overnemen uit een CSV</summary>
            <p className="hint">
              Kolommen: <code>instellingsnummer;naam;functie;e-mail;aanspreekpunt</code>. Wat u al invulde, blijft staan voor scholen die niet in het bestand
              staan.
            </p>
            <div className="field">
              <label htmlFor="ondertekenaarsBestand">CSV-bestand</label>
              <input id="ondertekenaarsBestand" name="ondertekenaarsBestand" type="file" accept=".csv,text/csv,text/plain" />
            </div>
            <div className="field">
              <label htmlFor="ondertekenaars">Of plak de lijst hier</label>
              <textarea id="ondertekenaars" name="ondertekenaars" rows={4} className="csv" placeholder={SIGNATORY_CSV_EXAMPLE} />
            </div>
            <button type="submit" name="intent" value="csv" className="button button--secondary">
              CSV overnemen
            </button>
          </details>
        </fieldset>

        <fieldset className="card">
          <legend>
            <h2 style={{ margin: 0 }}>Ondertekenaar voor de brugfigurenwerking</h2>
          </legend>
          {(
            [
              ["name", "Naam", "text"],
              ["functionTitle", "Functie", "text"],
              ["email", "E-mailadres", "email"],
            ] as const
          ).map(([key, label, type]) => {
            const name = SERVICE_FIELDS[key];
            const id = name.replace(":", "-");
            return (
              <Field key={key} id={id} label={label} errors={err(name) ? [err(name)!] : undefined}>
                <input
                  id={id}
                  name={name}
                  type={type}
                  defaultValue={v(name)}
                  aria-invalid={err(name) ? true : undefined}
                  aria-describedby={err(name) ? `${id}-error` : undefined}
                />
              </Field>
            );
          })}
        </fieldset>

        <h2>Gegevens voor alle scholen</h2>
        <p className="hint">Deze gegevens komen in elke verklaring. Zet hier geen gegevens van leerlingen of gezinnen.</p>
        {groups.map((group) => (
          <fieldset key={group.id} className="card">
            <legend>
              <h3 style={{ margin: 0 }}>{group.title}</h3>
            </legend>
            {group.fields.map((f) => (
              <VariableField key={f.name} f={f} value={v(`v:${f.name}`)} error={err(`v:${f.name}`)} compact />
            ))}
          </fieldset>
        ))}
        <div className="actions">
          <button type="submit" name="intent" value="versturen" className="button">
            Versturen naar {result.schools.length} {result.schools.length === 1 ? "school" : "scholen"}
          </button>
          <Link to="/scholen/versturen" reloadDocument>
            Andere scholen kiezen
          </Link>
        </div>
      </Form>
    </>
  );
}

export default function BulkSend() {
  const page = useLoaderData<typeof loader>();
  const location = useLocation();
  const result = useActionData<typeof action>() as ActionData | undefined;
  if (result?.step === "gegevens") return <DetailsForm result={result} />;

  const open = page.schools.filter((s) => s.status === "geen" || s.status === "verlopen").length;
  return (
    <>
      <p className="meta">
        <Link to="/scholen">← Scholen</Link>
      </p>
      <h1>Engagementsverklaring versturen</h1>
      <p className="lead">Kies de scholen. Elke school krijgt een eigen engagementsverklaring met de standaardclausules, klaar om te ondertekenen.</p>
      <FormErrors errors={result?.step === "kies" ? [result.message] : undefined} />
      <Form method="get" className="filters" aria-label="Scholen tonen">
        <div className="field">
          <label htmlFor="f-schooljaar">Schooljaar</label>
          <select id="f-schooljaar" name="schooljaar" defaultValue={page.schoolYear}>
            {page.schoolYears.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-gemeente">Gemeente</label>
          <select id="f-gemeente" name="gemeente" defaultValue={page.municipality ?? ""}>
            <option value="">Alle gemeenten</option>
            {page.municipalities.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Toon
        </button>
      </Form>
      {page.schools.length === 0 ? (
        <p>
          Er zijn nog geen scholen. <Link to="/scholen/nieuw">Voeg eerst een school toe</Link>.
        </p>
      ) : (
        // Keyed by the query: defaultChecked only counts when a checkbox is made, so "alles aanvinken" (&alles=1)
        // and "Niets aanvinken" re-make the form on a client-side navigation instead of keeping the old ticks.
        <Form method="post" key={location.search}>
          <input type="hidden" name="schoolYear" value={page.schoolYear} />
          <fieldset className="card">
            <legend>
              <h2 style={{ margin: 0 }}>
                Scholen ({page.schools.length}) — schooljaar {page.schoolYear}
              </h2>
            </legend>
            <p className="hint">Scholen die voor dit schooljaar al een engagementsverklaring hebben, worden overgeslagen.</p>
            <p className="toolbar">
              {open > 0 ? (
                <Link
                  to={`?schooljaar=${page.schoolYear}${page.municipality ? `&gemeente=${encodeURIComponent(page.municipality)}` : ""}&alles=1`}
                  preventScrollReset
                >
                  {open === 1 ? "De school" : `Alle ${open} scholen`} zonder engagementsverklaring aanvinken
                </Link>
              ) : null}
              <Link to={`?schooljaar=${page.schoolYear}${page.municipality ? `&gemeente=${encodeURIComponent(page.municipality)}` : ""}`} preventScrollReset>
                Niets aanvinken
              </Link>
            </p>
            <ul className="checkbox-list">
              {page.schools.map((s) => (
                <li key={s.id}>
                  <label>
                    <input type="checkbox" name="school" value={s.id} defaultChecked={s.checked} />
                    <span>
                      {s.name}
                      <span className="meta"> {[s.instellingsnummer, s.municipality].filter(Boolean).join(" · ")}</span>{" "}
                      <DashboardStatusBadge status={s.status} />
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="actions">
            <button type="submit" name="intent" value="kies" className="button">
              Verder
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
