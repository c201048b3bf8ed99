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
import { Field } from "~/components/ui/field";
import { z } from "zod";
import { calendarOrganisations } from "~/domain/days-off/days-off.server";
import { calendarFeedUrl, createCalendarToken, revokeCalendarToken } from "~/domain/reminders/calendar-feed.server";
import { BoardFormSchema, boardsManagedBy, updateOrganisationBoard } from "~/domain/organisation-settings/board.server";
import { LOGO_MAX_BYTES, LOGO_MESSAGES, logosManagedBy, removeOrganisationLogo, saveOrganisationLogo } from "~/domain/organisation-settings/logo.server";
import { loadNotificationSettings, setWeeklyDigest } from "~/domain/reminders/preferences.server";
import { env } from "~/utils/env.server";
import { readFormData } from "~/utils/form-data.server";
import { replyWithError } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Instellingen — Akkoord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [settings, logos, boards] = await Promise.all([loadNotificationSettings({ userId: user.id }), logosManagedBy(user), boardsManagedBy(user)]);
  // Members of a school, CLB or service keep their own days off on /kalender.
  return { ...settings, logos, boards, ownCalendar: calendarOrganisations(user).length > 0 };
}

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("digest"), weeklyDigest: z.enum(["aan", "uit"]) }),
  z.object({ intent: z.literal("calendar-create") }),
  z.object({ intent: z.literal("calendar-revoke") }),
  z.object({ intent: z.literal("logo-remove"), organisationId: z.string().min(1) }),
  z.object({ intent: z.literal("board"), organisationId: z.string().min(1).max(100), boardName: z.string().max(1000).optional(), boardNumber: z.string().max(1000).optional() }),
]);

/** A confirmation (`ok`), the new calendar link, or a refused logo change with the organisation it was for. */
type ActionResult = { ok?: string; calendarUrl?: string; logoError?: string; organisationId?: string; boardErrors?: Record<string, string>; boardValues?: Record<string, string> };

const LogoUploadSchema = z.object({ intent: z.literal("logo-upload"), organisationId: z.string().min(1) });

/**
 * The logo upload (multipart): the file is held in memory up to the limit and
 * refused beyond it; the domain checks the bytes. Every refusal is a Dutch
 * message next to the form with a 4xx status, and nothing is stored.
 */
async function uploadLogo(request: Request, user: Awaited<ReturnType<typeof requireUser>>) {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: LOGO_MAX_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return data<ActionResult>({ logoError: LOGO_MESSAGES.tooLarge }, { status: 413 });
    return data<ActionResult>({ logoError: LOGO_MESSAGES.broken }, { status: 400 });
  }
  const { organisationId } = parseIntent(LogoUploadSchema, fieldsOf(form));
  const file = form.get("logo");
  const bytes = file && typeof file !== "string" ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(0);
  return logoResult(
    organisationId,
    () => saveOrganisationLogo({ user, organisationId, bytes }),
    "Het logo is opgeladen. Het staat op het voorblad van de PDF's die voortaan ondertekend worden.",
  );
}

/** Runs a logo change; a refusal (AppError) becomes its Dutch message beside the form with its status. */
async function logoResult(organisationId: string, work: () => Promise<unknown>, ok: string) {
  try {
    await work();
  } catch (error) {
    return replyWithError(error, (e): ActionResult => ({ logoError: e.message, organisationId }), []);
  }
  return data<ActionResult>({ ok });
}

/** The text fields of a multipart form (the file left out), for parseIntent. */
function fieldsOf(form: FormData): FormData {
  const fields = new FormData();
  for (const [name, value] of form) if (typeof value === "string") fields.append(name, value);
  return fields;
}

/** The board of the user's own school or CLB: its Dutch field errors beside the form (400), a refusal as 403. */
async function saveBoard(request: Request, user: Awaited<ReturnType<typeof requireUser>>, input: { organisationId: string; boardName?: string; boardNumber?: string }) {
  const values = { boardName: input.boardName ?? "", boardNumber: input.boardNumber ?? "" };
  const parsed = BoardFormSchema.safeParse(values);
  if (!parsed.success) {
    const boardErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) boardErrors[String(issue.path[0])] ??= issue.message;
    return data<ActionResult>({ boardErrors, boardValues: values, organisationId: input.organisationId }, { status: 400 });
  }
  try {
    await updateOrganisationBoard({ user, organisationId: input.organisationId, input: parsed.data, audit: requestInfo(request) });
  } catch (error) {
    return replyWithError(error, (e): ActionResult => ({ boardErrors: { form: e.message }, organisationId: input.organisationId }), []);
  }
  return data<ActionResult>({ ok: "Het bestuur is bewaard. Nieuwe versies van uw overeenkomsten vermelden het." });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) return uploadLogo(request, user);
  const input = parseIntent(IntentSchema, await readFormData(request));
  switch (input.intent) {
    case "digest": {
      const enabled = input.weeklyDigest === "aan";
      await setWeeklyDigest({ userId: user.id, enabled });
      return data<ActionResult>({
        ok: enabled ? "U krijgt voortaan elke maandag een overzicht." : "U krijgt geen wekelijks overzicht meer.",
      });
    }
    case "calendar-create": {
      const token = await createCalendarToken({ userId: user.id });
      return data<ActionResult>(
        { ok: "Uw agenda-link is klaar. Een vorige link werkt niet meer.", calendarUrl: calendarFeedUrl(env().PUBLIC_URL, token) },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    case "calendar-revoke":
      await revokeCalendarToken({ userId: user.id });
      return data<ActionResult>({ ok: "De agenda-link werkt niet meer. Agenda's die hem gebruiken, worden niet meer bijgewerkt." });
    case "logo-remove":
      return logoResult(input.organisationId, () => removeOrganisationLogo({ user, organisationId: input.organisationId }), "Het logo is verwijderd.");
    case "board":
      return saveBoard(request, user, input);
  }
}

export default function SettingsPage() {
  const settings = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <h1>Instellingen</h1>
      <p className="lead">Meldingen per e-mail en uw agenda.</p>
      {result?.ok ? (
        <div className="alert alert--ok" role="status">
          {result.ok}
        </div>
      ) : null}

      <section className="card narrow" aria-labelledby="meldingen">
        <h2 id="meldingen">Wekelijks overzicht</h2>
        <p>Elke maandagochtend een e-mail met wat de komende twee weken gepland staat voor uw organisatie: evaluaties en ondertekeningen.</p>
        <Form method="post">
          <fieldset className="field">
            <legend>Wekelijks overzicht per e-mail</legend>
            <label>
              <input type="radio" name="weeklyDigest" value="aan" defaultChecked={settings.weeklyDigest} /> Ja, stuur mij elke maandag een overzicht
            </label>
            <br />
            <label>
              <input type="radio" name="weeklyDigest" value="uit" defaultChecked={!settings.weeklyDigest} /> Nee, liever niet
            </label>
          </fieldset>
          <button className="button" name="intent" value="digest" disabled={busy}>
            Bewaren
          </button>
        </Form>
        <p className="meta">Herinneringen voor evaluaties krijgt u altijd: 14 en 3 dagen vooraf.</p>
      </section>

      {settings.ownCalendar ? (
        <section className="card narrow" aria-labelledby="kalender">
          <h2 id="kalender">Eigen vrije dagen</h2>
          <p>
            Pedagogische studiedagen, facultatieve vrije dagen en examenperiodes van uw organisatie: op die dagen krijgt u geen
            herinneringen en plannen we geen evaluaties. <Link to="/kalender">Kalender van uw organisatie</Link>
          </p>
        </section>
      ) : null}

      <section className="card narrow" aria-labelledby="agenda">
        <h2 id="agenda">Agenda-link</h2>
        <p>
          Met een agenda-link ziet u de evaluatiemomenten en de uiterste data om te ondertekenen in Outlook, Google Agenda of uw
          agenda op de telefoon. Uw agenda werkt ze zelf bij.
        </p>
        {result?.calendarUrl ? (
          <div className="alert alert--info">
            <p>
              <label htmlFor="agenda-link">
                <strong>Uw agenda-link</strong> (kopieer hem nu: we tonen hem maar één keer)
              </label>
            </p>
            <input id="agenda-link" type="text" readOnly value={result.calendarUrl} onFocus={(e) => e.currentTarget.select()} style={{ width: "100%" }} />
            <p>
              <strong>Outlook:</strong> open de agenda, kies <em>Agenda toevoegen</em> en dan <em>Abonneren via internet</em>. Plak de
              link en kies <em>Importeren</em>.
            </p>
            <p>
              <strong>Google Agenda:</strong> klik naast <em>Andere agenda&apos;s</em> op <em>+</em> en kies <em>Via URL</em>. Plak de
              link en kies <em>Agenda toevoegen</em>.
            </p>
            <p className="meta">
              Houd de link geheim: wie hem heeft, ziet uw evaluaties en termijnen. Nieuwe afspraken verschijnen soms pas na enkele uren.
            </p>
          </div>
        ) : null}
        <Form method="post" className="actions">
          <button className="button" name="intent" value="calendar-create" disabled={busy}>
            {settings.hasCalendarLink ? "Agenda-link vernieuwen" : "Agenda-link maken"}
          </button>
          {settings.hasCalendarLink ? (
            <button className="button button--danger" name="intent" value="calendar-revoke" disabled={busy}>
              Agenda-link intrekken
            </button>
          ) : null}
        </Form>
        {settings.hasCalendarLink ? (
          <p className="meta">Er bestaat een agenda-link. Vernieuwen maakt een nieuwe link; de oude werkt dan niet meer.</p>
        ) : null}
      </section>

      {settings.boards.map((org) => {
        const headingId = `bestuur-${org.id}`;
        const mine = result?.organisationId === org.id;
        const errors = mine ? (result?.boardErrors ?? {}) : {};
        const values = mine ? result?.boardValues : undefined;
        return (
          <section key={org.id} className="card narrow" aria-labelledby={headingId}>
            <h2 id={headingId}>Bestuur van {org.name}</h2>
            <p>
              {org.kind === "clb" ? "Het CLB-bestuur" : "Het schoolbestuur"} is de juridische partij achter uw {org.kind === "clb" ? "CLB" : "school"}. Het staat bij de
              partijen van uw overeenkomsten: &quot;{org.name}, ingericht door …&quot;.
            </p>
            {errors.form ? (
              <div className="alert alert--error" role="alert">
                {errors.form}
              </div>
            ) : null}
            <Form method="post">
              <input type="hidden" name="organisationId" value={org.id} />
              <Field id={`${headingId}-naam`} label="Naam van het bestuur" hint="Bijvoorbeeld vzw Katholiek Onderwijs Zuid. Leeg = geen bestuur vermelden." errors={errors.boardName ? [errors.boardName] : undefined}>
                <input id={`${headingId}-naam`} name="boardName" type="text" defaultValue={values?.boardName ?? org.boardName ?? ""} aria-describedby={`${headingId}-naam-hint`} />
              </Field>
              <Field id={`${headingId}-nummer`} label="Bestuursnummer (niet verplicht)" errors={errors.boardNumber ? [errors.boardNumber] : undefined}>
                <input id={`${headingId}-nummer`} name="boardNumber" type="text" inputMode="numeric" defaultValue={values?.boardNumber ?? org.boardNumber ?? ""} />
              </Field>
              <div className="actions">
                <button className="button" name="intent" value="board" disabled={busy}>
                  Bestuur bewaren
                </button>
              </div>
            </Form>
          </section>
        );
      })}

      {settings.logos.map((entry) => {
        const headingId = `logo-${entry.organisationId}`;
        const errorId = `${headingId}-fout`;
        const error = result?.logoError && (!result.organisationId || result.organisationId === entry.organisationId) ? result.logoError : null;
        return (
          <section key={entry.organisationId} className="card narrow" aria-labelledby={headingId}>
            <h2 id={headingId}>Logo van {entry.organisationName}</h2>
            <p>Het logo staat op het voorblad van de ondertekende PDF&apos;s van uw organisatie.</p>
            <p className="meta">
              {entry.logo
                ? `Er staat een logo (${entry.logo.mimeType === "image/png" ? "PNG" : "JPEG"}, ${entry.logo.width} × ${entry.logo.height} pixels).`
                : "Er staat nog geen logo."}
            </p>
            {error ? (
              <div className="alert alert--error" role="alert" id={errorId}>
                {error}
              </div>
            ) : null}
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="organisationId" value={entry.organisationId} />
              <div className="field">
                <label htmlFor={`${headingId}-bestand`}>Afbeelding (PNG of JPEG, hoogstens 500 kB en 2000 × 2000 pixels)</label>
                <input
                  id={`${headingId}-bestand`}
                  type="file"
                  name="logo"
                  accept="image/png,image/jpeg"
                  required
                  aria-describedby={error ? errorId : undefined}
                />
              </div>
              <div className="actions">
                <button className="button" name="intent" value="logo-upload" disabled={busy}>
                  Logo opladen
                </button>
              </div>
            </Form>
            {entry.logo ? (
              <Form method="post" className="actions">
                <input type="hidden" name="organisationId" value={entry.organisationId} />
                <button className="button button--danger" name="intent" value="logo-remove" disabled={busy}>
                  Logo verwijderen
                </button>
              </Form>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
