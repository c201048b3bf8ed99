import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors } from "~/components/ui/field";
import { addSchool, DuplicateSchoolError, linkExistingSchool } from "~/domain/onboarding/add-school.server";
import { lookupInstitution, NOT_CONFIGURED_NOTE, NOT_FOUND_MESSAGE, onderwijsApiConfig, UNAVAILABLE_NOTE } from "~/domain/onboarding/onderwijs-api.server";
import { EDUCATION_LEVEL_LABELS, EDUCATION_LEVELS, instellingsnummerSchema, SchoolDetailsSchema } from "~/domain/onboarding/school-fields";
import { findSchoolForPartner, requirePartner, searchSchools } from "~/domain/onboarding/service-schools.server";
import { db } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { replyWithError, throwAsResponse } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "School toevoegen — Akkoord" }];

function serviceOr403(user: Awaited<ReturnType<typeof requireUser>>) {
  try {
    return requirePartner(user);
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const partner = serviceOr403(user);
  // Without ONDERWIJS_API_URL there is nothing to look up: the page offers typing the school in only.
  const lookupConfigured = onderwijsApiConfig().mode !== "off";
  // A school already in Akkoord, found by name, instellingsnummer or municipality.
  const query = (new URL(request.url).searchParams.get("zoek") ?? "").slice(0, 100);
  const found = await searchSchools({ partnerId: partner.id, query });
  return { lookupConfigured, notConfiguredNote: lookupConfigured ? null : NOT_CONFIGURED_NOTE, query, found };
}

type Values = {
  instellingsnummer: string;
  name: string;
  street: string;
  postalCode: string;
  municipality: string;
  boardName: string;
  boardNumber: string;
  educationLevel: string;
  onderwijsnet: string;
};
const EMPTY_BOARD = { boardName: "", boardNumber: "", educationLevel: "", onderwijsnet: "" };
type ActionData =
  | { step: "lookup"; values: { instellingsnummer: string }; errors: Record<string, string> }
  | { step: "details"; source: "opzoeking" | "manueel"; note: string | null; values: Values; errors: Record<string, string>; formError?: string }
  | { step: "duplicate"; existing: { id: string; name: string; municipality: string | null }; linked: boolean; linkable: boolean; instellingsnummer: string };

const IntentSchema = z.object({ intent: z.enum(["lookup", "manual", "save", "link"]) }).passthrough();

/** The school with this number, if it exists, and whether the user's service already works with it. */
async function duplicateOf(user: Awaited<ReturnType<typeof requireUser>>, nummer: string): Promise<ActionData | null> {
  const existing = await db.organisation.findUnique({ where: { instellingsnummer: nummer }, select: { id: true, name: true, municipality: true, kind: true } });
  if (!existing) return null;
  const linked = await findSchoolForPartner({ user, schoolId: existing.id }).then(
    () => true,
    () => false
  );
  return {
    step: "duplicate",
    existing: { id: existing.id, name: existing.name, municipality: existing.municipality },
    linked,
    linkable: !linked && existing.kind === "school",
    instellingsnummer: nummer,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const partner = serviceOr403(user);
  // A service opens the school's page (its intake); a CLB or city goes back to its list.
  const schoolPage = (id: string, suffix = "") =>
    partner.kind === "brugfiguren" ? `/scholen/${id}${suffix}` : `/scholen?partner=${encodeURIComponent(partner.id)}`;
  const formData = await readFormData(request);
  const { intent } = parseIntent(IntentSchema, formData);
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value.slice(0, 500) : "";
  };

  if (intent === "lookup" || intent === "manual") {
    const parsed = instellingsnummerSchema.safeParse(text("instellingsnummer"));
    if (!parsed.success) {
      return data<ActionData>(
        { step: "lookup", values: { instellingsnummer: text("instellingsnummer") }, errors: { instellingsnummer: parsed.error.issues[0]!.message } },
        { status: 400 }
      );
    }
    const nummer = parsed.data;
    const duplicate = await duplicateOf(user, nummer);
    if (duplicate) return data<ActionData>(duplicate, { status: 409 });
    const empty = { instellingsnummer: nummer, name: "", street: "", postalCode: "", municipality: "", ...EMPTY_BOARD };
    if (intent === "manual") return { step: "details", source: "manueel", note: null, values: empty, errors: {} } satisfies ActionData;
    const result = await lookupInstitution(nummer);
    if (result.status === "found") {
      return {
        step: "details",
        source: "opzoeking",
        note: "Gevonden bij Onderwijs Vlaanderen. Controleer de gegevens en voeg de school toe.",
        values: {
          instellingsnummer: result.institution.instellingsnummer,
          name: result.institution.name,
          street: result.institution.street,
          postalCode: result.institution.postalCode,
          municipality: result.institution.municipality,
          boardName: result.institution.boardName ?? "",
          boardNumber: result.institution.boardNumber ?? "",
          educationLevel: result.institution.educationLevel ?? "",
          onderwijsnet: result.institution.onderwijsnet ?? "",
        },
        errors: {},
      } satisfies ActionData;
    }
    if (result.status === "not-found") {
      return data<ActionData>({ step: "lookup", values: { instellingsnummer: nummer }, errors: { instellingsnummer: NOT_FOUND_MESSAGE } }, { status: 404 });
    }
    const note = result.status === "unavailable" && result.reason === "not-configured" ? NOT_CONFIGURED_NOTE : UNAVAILABLE_NOTE;
    return { step: "details", source: "manueel", note, values: empty, errors: {} } satisfies ActionData;
  }

  if (intent === "link") {
    const schoolId = text("schoolId");
    try {
      const school = await linkExistingSchool({ user, schoolId, audit: requestInfo(request) });
      return redirect(schoolPage(school.id));
    } catch (error) {
      throwAsResponse(error);
    }
  }

  // save
  const values: Values = {
    instellingsnummer: text("instellingsnummer"),
    name: text("name"),
    street: text("street"),
    postalCode: text("postalCode"),
    municipality: text("municipality"),
    boardName: text("boardName"),
    boardNumber: text("boardNumber"),
    educationLevel: text("educationLevel"),
    onderwijsnet: text("onderwijsnet"),
  };
  const source = text("source") === "opzoeking" ? "opzoeking" : "manueel";
  const parsed = SchoolDetailsSchema.omit({ scholengemeenschap: true, clbInstellingsnummer: true, clbName: true }).safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data<ActionData>({ step: "details", source, note: null, values, errors }, { status: 400 });
  }
  // The scholengemeenschap and the CLB come from Onderwijs Vlaanderen itself, never from the form:
  // the CLB link they make is the CLB's, not something a service can type in.
  const found = source === "opzoeking" ? await lookupInstitution(parsed.data.instellingsnummer) : null;
  const fromSource =
    found?.status === "found"
      ? { scholengemeenschap: found.institution.scholengemeenschap, clbInstellingsnummer: found.institution.clbInstellingsnummer, clbName: found.institution.clbName }
      : {};
  try {
    const school = await addSchool({ user, input: { ...parsed.data, ...fromSource }, source, audit: requestInfo(request) });
    return redirect(schoolPage(school.id, "?nieuw=1"));
  } catch (error) {
    if (error instanceof DuplicateSchoolError) {
      const duplicate = await duplicateOf(user, parsed.data.instellingsnummer);
      if (duplicate) return data<ActionData>(duplicate, { status: 409 });
    }
    return replyWithError(
      error,
      (e): ActionData => ({
        step: "details",
        source,
        note: null,
        values,
        errors: e.field ? { [e.field]: e.message } : {},
        formError: e.field ? undefined : e.message,
      }),
      ["FORBIDDEN", "NOT_FOUND"],
    );
  }
}

function input(id: string, error: string | undefined, hint?: boolean) {
  return {
    id,
    name: id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined,
  };
}

export default function NewSchool() {
  const { lookupConfigured, notConfiguredNote, query, found } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;

  if (result?.step === "details") {
    const e = result.errors;
    return (
      <div className="card narrow">
        <p className="meta">
          <Link to="/scholen">← Scholen</Link>
        </p>
        <h1>School toevoegen</h1>
        {result.note ? (
          <p className={result.source === "opzoeking" ? "alert alert--ok" : "alert alert--info"} role="status">
            {result.note}
          </p>
        ) : null}
        <FormErrors errors={result.formError ? [result.formError] : undefined} />
        {/* A new key per answer: the fields show the looked-up values, also after a client-side submit. */}
        <Form method="post" noValidate key={JSON.stringify(result.values)}>
          <input type="hidden" name="source" value={result.source} />
          <Field id="instellingsnummer" label="Instellingsnummer" hint="5 of 6 cijfers." errors={e.instellingsnummer ? [e.instellingsnummer] : undefined}>
            <input {...input("instellingsnummer", e.instellingsnummer, true)} type="text" inputMode="numeric" defaultValue={result.values.instellingsnummer} />
          </Field>
          <Field id="name" label="Naam van de school" errors={e.name ? [e.name] : undefined}>
            <input {...input("name", e.name)} type="text" defaultValue={result.values.name} autoComplete="organization" />
          </Field>
          <Field id="street" label="Straat en nummer (niet verplicht)" errors={e.street ? [e.street] : undefined}>
            <input {...input("street", e.street)} type="text" defaultValue={result.values.street} autoComplete="street-address" />
          </Field>
          <Field id="postalCode" label="Postcode (niet verplicht)" errors={e.postalCode ? [e.postalCode] : undefined}>
            <input {...input("postalCode", e.postalCode)} type="text" inputMode="numeric" defaultValue={result.values.postalCode} autoComplete="postal-code" />
          </Field>
          <Field id="municipality" label="Gemeente (niet verplicht)" errors={e.municipality ? [e.municipality] : undefined}>
            <input {...input("municipality", e.municipality)} type="text" defaultValue={result.values.municipality} autoComplete="address-level2" />
          </Field>
          <fieldset className="field">
            <legend>Schoolbestuur (niet verplicht)</legend>
            <Field id="boardName" label="Naam van het schoolbestuur" hint="Bijvoorbeeld vzw Katholiek Onderwijs Zuid." errors={e.boardName ? [e.boardName] : undefined}>
              <input {...input("boardName", e.boardName, true)} type="text" defaultValue={result.values.boardName} />
            </Field>
            <Field id="boardNumber" label="Bestuursnummer" errors={e.boardNumber ? [e.boardNumber] : undefined}>
              <input {...input("boardNumber", e.boardNumber)} type="text" inputMode="numeric" defaultValue={result.values.boardNumber} />
            </Field>
          </fieldset>
          <Field id="educationLevel" label="Niveau (niet verplicht)" errors={e.educationLevel ? [e.educationLevel] : undefined}>
            <select {...input("educationLevel", e.educationLevel)} defaultValue={result.values.educationLevel}>
              <option value="">—</option>
              {EDUCATION_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {EDUCATION_LEVEL_LABELS[level]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="onderwijsnet" label="Onderwijsnet (niet verplicht)" hint="Bijvoorbeeld vrij gesubsidieerd onderwijs." errors={e.onderwijsnet ? [e.onderwijsnet] : undefined}>
            <input {...input("onderwijsnet", e.onderwijsnet, true)} type="text" defaultValue={result.values.onderwijsnet} />
          </Field>
          <div className="actions">
            <button type="submit" name="intent" value="save" className="button">
              School toevoegen
            </button>
            <Link to="/scholen/nieuw" reloadDocument>
              {result.source === "opzoeking" ? "Ander nummer opzoeken" : "Ander nummer"}
            </Link>
          </div>
        </Form>
      </div>
    );
  }

  const nummerError = result?.step === "lookup" ? result.errors.instellingsnummer : undefined;
  return (
    <div className="card narrow">
      <p className="meta">
        <Link to="/scholen">← Scholen</Link>
      </p>
      <h1>School toevoegen</h1>
      {lookupConfigured ? (
        <p className="lead">Vul het instellingsnummer in. We zoeken de naam en het adres op bij Onderwijs Vlaanderen.</p>
      ) : (
        <p className="lead">{notConfiguredNote}</p>
      )}
      {result?.step === "duplicate" ? (
        <div className="alert alert--error" role="alert">
          <p style={{ margin: 0 }}>
            Dit instellingsnummer hoort al bij <strong>{result.existing.name}</strong>
            {result.existing.municipality ? ` (${result.existing.municipality})` : ""}. Elke school staat maar één keer in Akkoord.
          </p>
          {result.linked ? (
            <p style={{ margin: ".5rem 0 0" }}>
              <Link to={`/scholen/${result.existing.id}`}>Naar {result.existing.name}</Link>
            </p>
          ) : result.linkable ? (
            <Form method="post" className="actions">
              <input type="hidden" name="schoolId" value={result.existing.id} />
              <button type="submit" name="intent" value="link" className="button button--secondary">
                Toevoegen aan uw scholen
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      <Form method="get" className="filters" aria-label="Een school zoeken in Akkoord">
        <div className="field">
          <label htmlFor="zoek">Staat de school al in Akkoord? Zoek op naam, instellingsnummer of gemeente</label>
          <input id="zoek" name="zoek" type="search" defaultValue={query} />
        </div>
        <button type="submit" className="button button--secondary">
          Zoeken
        </button>
      </Form>
      {query.trim().length >= 2 ? (
        found.length === 0 ? (
          <p>Geen school gevonden voor “{query}”. Voeg ze hieronder toe met haar instellingsnummer.</p>
        ) : (
          <ul className="stack" aria-label="Gevonden scholen">
            {found.map((school) => (
              <li key={school.id}>
                <strong>{school.name}</strong>
                {school.municipality ? ` (${school.municipality})` : ""}
                {school.instellingsnummer ? <span className="meta"> · {school.instellingsnummer}</span> : null}{" "}
                {school.linked ? (
                  <span className="meta">staat al in uw lijst</span>
                ) : (
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="schoolId" value={school.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="link"
                      className="button button--secondary"
                      aria-label={`${school.name} toevoegen aan uw scholen`}
                    >
                      Toevoegen
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )
      ) : null}
      <Form method="post" noValidate>
        <Field id="instellingsnummer" label="Instellingsnummer" hint="5 of 6 cijfers, bijvoorbeeld 127341." errors={nummerError ? [nummerError] : undefined}>
          <input
            {...input("instellingsnummer", nummerError, true)}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={result?.step === "lookup" ? result.values.instellingsnummer : result?.step === "duplicate" ? result.instellingsnummer : ""}
          />
        </Field>
        <div className="actions">
          {lookupConfigured ? (
            <button type="submit" name="intent" value="lookup" className="button">
              Opzoeken
            </button>
          ) : null}
          <button type="submit" name="intent" value="manual" className={lookupConfigured ? "button button--secondary" : "button"}>
            Zelf invullen
          </button>
        </div>
      </Form>
      <p className="meta">
        Veel scholen tegelijk? <Link to="/scholen/importeren">Importeer een lijst (CSV)</Link>.
      </p>
    </div>
  );
}
