import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { FormErrors } from "~/components/ui/field";
import { CSV_MAX_BYTES, decodeCsvBytes } from "~/domain/onboarding/csv-input";
import { importSchools, previewSchoolImport, type ImportPreview } from "~/domain/onboarding/import-schools.server";
import { SCHOOL_CSV_EXAMPLE } from "~/domain/onboarding/csv-examples";
import { requireService } from "~/domain/onboarding/service-schools.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction = () => [{ title: "Scholen importeren — Akkoord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await orRespond(Promise.resolve().then(() => requireService(user)));
  return null;
}

type ActionData = { message?: string; preview?: ImportPreview; csv?: string };

const IntentSchema = z.object({ intent: z.enum(["preview", "import"]) }).passthrough();
const TOO_BIG = `Het bestand is te groot: hoogstens ${CSV_MAX_BYTES / 1024 / 1024} MB.`;

/** The CSV text from the uploaded file, or else from the text field. */
async function csvText(formData: FormData): Promise<{ text: string } | { message: string }> {
  const file = formData.get("bestand");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > CSV_MAX_BYTES) return { message: TOO_BIG };
    return { text: decodeCsvBytes(new Uint8Array(await file.arrayBuffer())) };
  }
  const pasted = formData.get("csv");
  if (typeof pasted === "string" && pasted.trim() !== "") {
    if (pasted.length > CSV_MAX_BYTES) return { message: TOO_BIG };
    return { text: pasted };
  }
  return { message: "Kies een CSV-bestand of plak de lijst in het tekstvak." };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await orRespond(Promise.resolve().then(() => requireService(user)));
  const formData = await readFormData(request, { multiLine: ["csv"] });
  const { intent } = parseIntent(IntentSchema, formData);
  const source = await csvText(formData);
  if ("message" in source) return data<ActionData>({ message: source.message }, { status: 400 });

  if (intent === "preview") {
    const preview = await previewSchoolImport({ user, text: source.text });
    return data<ActionData>({ preview, csv: source.text }, { status: preview.ok ? 200 : 400 });
  }
  const result = await orRespond(importSchools({ user, text: source.text, audit: requestInfo(request) }));
  if (result.ok) return redirect(`/scholen?geimporteerd=${result.count}`);
  return data<ActionData>(
    {
      preview: result.preview,
      csv: source.text,
      message: "Er werd niets geïmporteerd: niet alle rijen zijn in orde. Verbeter het bestand en probeer opnieuw.",
    },
    { status: 409 }
  );
}

export default function ImportSchools() {
  const result = useActionData<typeof action>() as ActionData | undefined;
  const preview = result?.preview;
  return (
    <>
      <p className="meta">
        <Link to="/scholen">← Scholen</Link>
      </p>
      <h1>Scholen importeren</h1>
      <p className="lead">Voeg veel scholen tegelijk toe met een CSV-bestand, bijvoorbeeld bewaard vanuit Excel.</p>
      <FormErrors errors={result?.message ? [result.message] : preview && !preview.ok ? [preview.message] : undefined} />

      {preview?.ok ? (
        <section aria-labelledby="voorbeeld-titel" className="stack">
          <h2 id="voorbeeld-titel">
            Controle: {preview.rows.length} {preview.rows.length === 1 ? "rij" : "rijen"}
          </h2>
          {preview.importable ? (
            <p className="alert alert--ok" role="status">
              Alle rijen zijn in orde. Kies “Importeren” om {preview.rows.length === 1 ? "de school" : `de ${preview.rows.length} scholen`} toe te voegen.
            </p>
          ) : (
            <p className="alert alert--error" role="alert">
              {preview.errorCount} {preview.errorCount === 1 ? "rij heeft" : "rijen hebben"} een probleem. Er wordt niets geïmporteerd zolang er een probleem
              is: verbeter het bestand en laad het opnieuw op.
            </p>
          )}
          {preview.ignoredColumns.length > 0 ? <p className="meta">Deze kolommen gebruiken we niet: {preview.ignoredColumns.join(", ")}.</p> : null}
          <div className="table-wrap">
            <table className="cards">
              <caption className="visually-hidden">De rijen uit het bestand</caption>
              <thead>
                <tr>
                  <th scope="col">Rij</th>
                  <th scope="col">Instellingsnummer</th>
                  <th scope="col">Naam</th>
                  <th scope="col">Straat</th>
                  <th scope="col">Postcode</th>
                  <th scope="col">Gemeente</th>
                  <th scope="col">Probleem</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.rowNumber} className={row.errors.length ? "preview-error" : undefined}>
                    <td data-label="Rij">{row.rowNumber}</td>
                    <td data-label="Instellingsnummer">{row.values.instellingsnummer}</td>
                    <td data-label="Naam">{row.values.name}</td>
                    <td data-label="Straat">{row.values.street}</td>
                    <td data-label="Postcode">{row.values.postalCode}</td>
                    <td data-label="Gemeente">{row.values.municipality}</td>
                    <td data-label="Probleem">{row.errors.length ? <span className="field-error">{row.errors.join(" ")}</span> : "In orde"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.importable ? (
            <Form method="post" className="actions">
              <input type="hidden" name="csv" value={result?.csv ?? ""} />
              <button type="submit" name="intent" value="import" className="button">
                Importeren
              </button>
              <Link to="/scholen/importeren" reloadDocument>
                Ander bestand kiezen
              </Link>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="bestand-titel" className="card">
        <h2 id="bestand-titel" style={{ marginTop: 0 }}>
          {preview?.ok ? "Een ander bestand controleren" : "Bestand kiezen"}
        </h2>
        <p>
          De eerste rij bevat de kolomnamen: <code>instellingsnummer;naam;straat;postcode;gemeente</code>. Puntkomma of komma als scheidingsteken mag allebei.
          Niet verplicht: <code>bestuur;bestuursnummer;net;niveau;scholengemeenschap;clb</code> (niveau: basis, secundair of buitengewoon; clb: het
          instellingsnummer of de naam van het CLB).
        </p>
        <Form method="post" encType="multipart/form-data">
          <div className="field">
            <label htmlFor="bestand">CSV-bestand</label>
            <span className="hint" id="bestand-hint">
              In Excel: Bestand › Opslaan als › “CSV UTF-8” of “CSV (gescheiden door lijstscheidingsteken)”.
            </span>
            <input id="bestand" name="bestand" type="file" accept=".csv,text/csv,text/plain" aria-describedby="bestand-hint" />
          </div>
          <div className="field">
            <label htmlFor="csv">Of plak de lijst hier</label>
            <textarea id="csv" name="csv" rows={6} className="csv" placeholder={SCHOOL_CSV_EXAMPLE} />
          </div>
          <div className="actions">
            <button type="submit" name="intent" value="preview" className="button">
              Controleren
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
