import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { calendarOrganisations } from "~/domain/days-off/days-off.server";
import { calendarFeedUrl, createCalendarToken, revokeCalendarToken } from "~/domain/reminders/calendar-feed.server";
import { loadNotificationSettings, setWeeklyDigest } from "~/domain/reminders/preferences.server";
import { env } from "~/utils/env.server";
import { readFormData } from "~/utils/form-data.server";
import { parseIntent } from "~/utils/intent.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Instellingen — Akkoord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Members of a school, CLB or service keep their own days off on /kalender.
  return { ...(await loadNotificationSettings({ userId: user.id })), ownCalendar: calendarOrganisations(user).length > 0 };
}

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("digest"), weeklyDigest: z.enum(["aan", "uit"]) }),
  z.object({ intent: z.literal("calendar-create") }),
  z.object({ intent: z.literal("calendar-revoke") }),
]);

type ActionResult = { ok: string; calendarUrl?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
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
    </>
  );
}
