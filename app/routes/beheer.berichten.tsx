import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { membershipsAllow } from "~/domain/access/policy";
import { mailConfigFromEnv } from "~/domain/mail/send-mail.server";
import { listOutboxProblems, retryOutboxMessage } from "~/domain/reminders/outbox.server";
import { readFormData } from "~/utils/form-data.server";
import { notFoundResponse } from "~/utils/http.server";
import { parseIntent } from "~/utils/intent.server";
import type { SessionUser } from "~/domain/access/actor";
import { requireUser } from "~/utils/session.server";
import { Pagination } from "~/components/ui/pagination";
import { pageParam } from "~/domain/dashboards/filters";
import { formatShortDateTime } from "~/domain/calendar/brussels-format";

export const meta: MetaFunction = () => [{ title: "Berichten — Beheer — Akkoord" }];

const PAGE_SIZE = 25;

const KIND_LABELS: Record<string, string> = {
  "eval-14d": "Evaluatie over 14 dagen",
  "eval-3d": "Evaluatie over 3 dagen",
  "eval-overdue": "Evaluatie niet afgerond",
  "commitment-overdue": "Afspraak over tijd",
  "sign-reminder": "Herinnering ondertekenen",
  digest: "Wekelijks overzicht",
  "code-alert": "Foute codes bij ondertekenen",
  "signing-invitation": "Uitnodiging om te ondertekenen",
  "signing-final-pdf": "Ondertekende PDF",
  "signing-declined": "Weigering om te ondertekenen",
  "member-invitation": "Uitnodiging voor een collega",
};

const STATUS_LABELS: Record<string, string> = { failed: "Mislukt", pending: "Wacht" };


function requireOutboxAdmin(user: SessionUser) {
  if (!membershipsAllow(user.memberships, "admin:outbox")) {
    throw data({ message: "Alleen een beheerder kan de berichten bekijken.", code: "FORBIDDEN" }, { status: 403 });
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requireOutboxAdmin(user);
  const page = pageParam(new URL(request.url).searchParams);
  const { items, total, failed, pending } = await listOutboxProblems({ userId: user.id, page, pageSize: PAGE_SIZE });
  return {
    // The demo writes mail to files: the sent mails can be read on /dev/outbox.
    mailAsFiles: mailConfigFromEnv().transport === "file",
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    failed,
    pending,
    messages: items.map((m) => ({
      id: m.id,
      kind: KIND_LABELS[m.kind] ?? m.kind,
      recipient: m.recipient,
      subject: m.subject,
      status: m.status,
      statusLabel: STATUS_LABELS[m.status] ?? m.status,
      attempts: m.attempts,
      nextAttempt: m.status === "pending" && m.nextAttemptAt ? formatShortDateTime(m.nextAttemptAt) : null,
      lastError: m.lastError,
      created: formatShortDateTime(m.createdAt),
    })),
  };
}

const IntentSchema = z.object({ intent: z.literal("retry"), id: z.string().min(1).max(100) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requireOutboxAdmin(user);
  const input = parseIntent(IntentSchema, await readFormData(request));
  const queued = await retryOutboxMessage({ id: input.id, userId: user.id });
  if (!queued) throw notFoundResponse("Dit bericht bestaat niet of werd intussen verstuurd.");
  return { ok: "Het bericht wordt bij de volgende ronde opnieuw verstuurd, binnen enkele minuten." };
}

export default function OutboxPage() {
  const { messages, page, pageCount, failed, pending, mailAsFiles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Berichten die niet vertrokken</h1>
      <p className="lead">
        {failed} mislukt · {pending} wachtend. Akkoord probeert een bericht tot zes keer, met steeds langere pauzes.
      </p>
      {mailAsFiles ? (
        <p className="alert alert--info">
          Deze installatie verstuurt geen echte e-mail: elk bericht wordt als bestand bewaard. <Link to="/dev/outbox">Lees de verstuurde e-mails</Link>.
        </p>
      ) : null}
      {result?.ok ? (
        <div className="alert alert--ok" role="status">
          {result.ok}
        </div>
      ) : null}
      {messages.length === 0 ? (
        <p>Er zijn geen mislukte of wachtende berichten.</p>
      ) : (
        <table className="cards">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Soort</th>
              <th scope="col">Aan</th>
              <th scope="col">Onderwerp</th>
              <th scope="col">Pogingen</th>
              <th scope="col">Laatste fout</th>
              <th scope="col">
                <span className="visually-hidden">Acties</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td data-label="Status">
                  {m.statusLabel}
                  {m.nextAttempt ? <span className="meta"> (volgende poging {m.nextAttempt})</span> : null}
                </td>
                <td data-label="Soort">{m.kind}</td>
                <td data-label="Aan" className="break-anywhere">{m.recipient}</td>
                <td data-label="Onderwerp">{m.subject}</td>
                <td data-label="Pogingen">{m.attempts}</td>
                <td data-label="Laatste fout">
                  <code style={{ wordBreak: "break-word" }}>{m.lastError ?? "—"}</code>
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="id" value={m.id} />
                    <button className="button button--secondary button--small" name="intent" value="retry">
                      Opnieuw proberen<span className="visually-hidden">: {m.subject}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageCount={pageCount} param="pagina" label="Paginering" />
    </>
  );
}
