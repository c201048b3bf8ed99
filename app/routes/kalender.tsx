import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors } from "~/components/ui/field";
import { DAY_OFF_KIND_LABELS, DAY_OFF_KINDS, DAY_OFF_LABEL_MAX, type DayOffKind } from "~/domain/calendar";
import { addDaysOff, listDaysOff, removeDayOff } from "~/domain/days-off/days-off.server";
import { fetchCalendar, ICAL_MAX_BYTES, ICAL_MESSAGES, importDaysOff } from "~/domain/days-off/import-ical.server";
import { formatLongDate } from "~/domain/reminders/messages";
import { readFormData } from "~/utils/form-data.server";
import { replyWithError } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

// The organisation's own calendar: its pedagogische studiedagen, facultatieve
// vrije dagen and exam periods, entered by hand or imported from the
// iCalendar file or link it publishes. Works without JavaScript.

export const meta: MetaFunction = () => [{ title: "Kalender — Akkoord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const list = await listDaysOff({ user });
  return {
    ...list,
    organisations: list.organisations.map((o) => ({
      ...o,
      daysOff: o.daysOff.map((d) => ({ ...d, when: rangeText(d.startDate, d.endDate), kindLabel: DAY_OFF_KIND_LABELS[d.kind as DayOffKind] ?? d.kind })),
    })),
  };
}

type ActionData = { ok?: string; message?: string; field?: string };

const Text = (max: number) => z.string().max(max, "Dit veld is te lang.");
const IntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    organisationId: Text(100),
    kind: z.enum(DAY_OFF_KINDS, { message: "Kies een soort vrije dag." }),
    startDate: Text(10),
    endDate: Text(10).optional(),
    label: Text(DAY_OFF_LABEL_MAX),
  }),
  z.object({ intent: z.literal("remove"), dayOffId: Text(100) }),
  z.object({ intent: z.literal("import"), organisationId: Text(100), url: Text(2000).optional() }),
]);

/** The form: multipart for the import (the file is counted while it is read), else an ordinary form. */
async function readForm(request: Request): Promise<FormData | ActionData> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return readFormData(request);
  if (Number(request.headers.get("content-length") ?? 0) > ICAL_MAX_BYTES + 64 * 1024) return { message: ICAL_MESSAGES.tooBig, field: "bestand" };
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: ICAL_MAX_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { message: ICAL_MESSAGES.tooBig, field: "bestand" };
    return { message: "Het formulier kon niet gelezen worden. Laad de pagina opnieuw en probeer nog eens." };
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  if (!(form instanceof FormData)) return data<ActionData>(form, { status: form.field === "bestand" ? 413 : 400 });
  const file = form.get("bestand");
  form.delete("bestand");
  const input = parseIntent(IntentSchema, form);
  const audit = requestInfo(request);
  try {
    switch (input.intent) {
      case "add": {
        const result = await addDaysOff({
          user,
          organisationId: input.organisationId,
          entries: [{ kind: input.kind, startDate: input.startDate, endDate: input.endDate || input.startDate, label: input.label }],
          audit,
        });
        return data<ActionData>({ ok: `Toegevoegd.${movedText(result.moved.length)}` });
      }
      case "remove":
        await removeDayOff({ user, dayOffId: input.dayOffId, audit });
        return data<ActionData>({ ok: "Verwijderd." });
      case "import": {
        let text: string;
        if (file && typeof file !== "string" && file.size > 0) text = await file.text();
        else if (input.url?.trim()) text = await fetchCalendar(input.url);
        else return data<ActionData>({ message: "Kies een .ics-bestand of geef het webadres van uw agenda.", field: "bestand" }, { status: 400 });
        const result = await importDaysOff({ user, organisationId: input.organisationId, text, audit });
        return data<ActionData>({ ok: `${result.summary}${movedText(result.moved.length)}` });
      }
    }
  } catch (error) {
    return replyWithError(error, (e): ActionData => ({ message: e.message, field: e.field }), []);
  }
}

function movedText(count: number): string {
  if (count === 0) return "";
  return count === 1
    ? " Eén evaluatiemoment viel op die dag en is verplaatst naar de werkdag ervoor."
    : ` ${count} evaluatiemomenten vielen op die dagen en zijn verplaatst naar de werkdag ervoor.`;
}

function rangeText(start: string, end: string): string {
  return start === end ? formatLongDate(start) : `${formatLongDate(start)} tot en met ${formatLongDate(end)}`;
}

export default function CalendarPage() {
  const { organisations, schoolYears } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state !== "idle";
  const fieldError = (name: string) => (result?.message && result.field === name ? [result.message] : undefined);
  const formError = result?.message && !["startDate", "endDate", "label", "kind", "bestand", "url"].includes(result.field ?? "") ? [result.message] : undefined;

  return (
    <>
      <p className="meta">
        <Link to="/instellingen">← Instellingen</Link>
      </p>
      <h1>Kalender</h1>
      <p className="lead">
        De eigen vrije dagen van uw organisatie, bovenop de officiële vakanties: pedagogische studiedagen, facultatieve vrije dagen en
        examenperiodes. Op die dagen sturen we geen herinneringen en plannen we geen evaluaties.
      </p>
      {result?.ok ? (
        <div className="alert alert--ok" role="status">
          {result.ok}
        </div>
      ) : null}
      <FormErrors errors={formError} />
      {organisations.length === 0 ? <p>U bent geen lid van een school, CLB of brugfigurenwerking.</p> : null}

      {organisations.map((organisation) => (
        <section key={organisation.id} className="card narrow stack" aria-labelledby={`org-${organisation.id}`}>
          <h2 id={`org-${organisation.id}`}>{organisation.name}</h2>
          {organisation.daysOff.length === 0 ? (
            <p className="meta">Nog geen eigen vrije dagen voor {schoolYears.join(" en ")}.</p>
          ) : (
            <ul className="stack" aria-label={`Vrije dagen van ${organisation.name}`}>
              {organisation.daysOff.map((day) => (
                <li key={day.id}>
                  <Form method="post" className="actions" style={{ alignItems: "center", flexWrap: "wrap" }}>
                    <span>
                      <strong>{day.when}</strong>: {day.label} <span className="meta">({day.kindLabel})</span>
                    </span>
                    <input type="hidden" name="dayOffId" value={day.id} />
                    <button className="button button--secondary" name="intent" value="remove" disabled={busy} aria-label={`Verwijder ${day.label} (${day.when})`}>
                      Verwijderen
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}

          <h3>Vrije dag toevoegen</h3>
          <Form method="post" className="stack">
            <input type="hidden" name="organisationId" value={organisation.id} />
            <Field id={`kind-${organisation.id}`} label="Soort" errors={fieldError("kind")}>
              <select id={`kind-${organisation.id}`} name="kind" defaultValue="studiedag">
                {DAY_OFF_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {DAY_OFF_KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={`start-${organisation.id}`} label="Datum (of eerste dag)" errors={fieldError("startDate")}>
              <input id={`start-${organisation.id}`} type="date" name="startDate" required />
            </Field>
            <Field id={`end-${organisation.id}`} label="Laatste dag" hint="Alleen voor een periode van meer dagen." errors={fieldError("endDate")}>
              <input id={`end-${organisation.id}`} type="date" name="endDate" />
            </Field>
            <Field id={`label-${organisation.id}`} label="Omschrijving" errors={fieldError("label")}>
              <input id={`label-${organisation.id}`} type="text" name="label" maxLength={DAY_OFF_LABEL_MAX} required defaultValue="Pedagogische studiedag" />
            </Field>
            <div className="actions">
              <button className="button" name="intent" value="add" disabled={busy}>
                Toevoegen
              </button>
            </div>
          </Form>

          <h3>Importeren uit uw agenda</h3>
          <p className="meta">
            Een .ics-bestand (hoogstens 1 MB) of het webadres van de agenda die uw organisatie publiceert. Dagen in een vakantie of buiten het
            schooljaar slaan we over.
          </p>
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="organisationId" value={organisation.id} />
            <Field id={`file-${organisation.id}`} label="iCalendar-bestand (.ics)" errors={fieldError("bestand")}>
              <input id={`file-${organisation.id}`} type="file" name="bestand" accept=".ics,text/calendar" />
            </Field>
            <Field id={`url-${organisation.id}`} label="of het webadres van de agenda" errors={fieldError("url")}>
              <input id={`url-${organisation.id}`} type="url" name="url" inputMode="url" placeholder="https://" />
            </Field>
            <div className="actions">
              <button className="button" name="intent" value="import" disabled={busy}>
                Importeren
              </button>
            </div>
          </Form>
        </section>
      ))}
      {organisations.length > 0 ? <p className="meta">Andere partijen zien alleen dat het voor u geen werkdag is, niet de omschrijving.</p> : null}
    </>
  );
}
