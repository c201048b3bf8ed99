import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { membershipsAllow } from "~/domain/access/policy";
import { mailConfigFromEnv } from "~/domain/mail/send-mail.server";
import { defaultOutboxDir, listOutbox, readOutboxMessage, type OutboxMessage } from "~/domain/mail/transports/file.server";
import { listSentMailsVisibleTo } from "~/domain/reminders/sent-mails.server";
import { isProduction } from "~/utils/env.server";
import { notFoundResponse } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";
import { formatBrusselsDateTime } from "~/domain/calendar/brussels-format";

// The e-mails the file transport (MAIL_TRANSPORT=file, the demo) wrote to
// MAIL_OUTBOX_DIR (default data/outbox), newest first, readable in the browser:
// - in development: every message, for anyone;
// - under `npm start`: for a signed-in beheerder, the messages about their
//   organisations' agreements or to their members (as /beheer/berichten).
// With a real mail transport the mails are not here: the page does not exist.

export const meta: MetaFunction = () => [{ title: "Uitgaande e-mails — Akkoord" }, { name: "robots", content: "noindex" }];

const LIMIT = 100;

function summary(message: OutboxMessage) {
  return {
    file: message.file,
    date: formatBrusselsDateTime(message.headers.date),
    to: message.headers.to.join(", "),
    cc: message.headers.cc.join(", "),
    subject: message.headers.subject,
    // The text as composed (the .eml file holds it quoted-printable, with soft line breaks inside links).
    text: message.text,
    attachments: message.attachments.map((a) => `${a.filename} (${Math.ceil(a.size / 1024)} kB)`),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const config = mailConfigFromEnv();
  if (config.transport !== "file") throw notFoundResponse("Deze pagina bestaat niet.");
  const dir = config.outboxDir ?? defaultOutboxDir();
  if (!isProduction()) {
    const messages = [];
    for (const entry of await listOutbox(dir, { limit: LIMIT })) {
      const message = await readOutboxMessage(dir, entry.file);
      if (message) messages.push(summary(message));
    }
    return { scope: "alle" as const, dir, messages };
  }
  const user = await requireUser(request);
  if (!membershipsAllow(user.memberships, "admin:outbox")) {
    throw data({ message: "Alleen een beheerder kan de verstuurde e-mails lezen.", code: "FORBIDDEN" }, { status: 403 });
  }
  const mails = await listSentMailsVisibleTo({ userId: user.id, outboxDir: dir, limit: LIMIT });
  return { scope: "eigen" as const, dir: null, messages: mails.map((mail) => summary(mail.message)) };
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** The mail's text with its web addresses as links, so a signing link opens with one click. */
function TextWithLinks({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} rel="noreferrer">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function Outbox() {
  const { scope, messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Verstuurde e-mails</h1>
      <p className="lead">
        Deze installatie verstuurt geen echte e-mail: elk bericht wordt als bestand bewaard. Hier leest u{" "}
        {scope === "alle" ? "alle berichten (ontwikkeling)" : "de berichten over de overeenkomsten van uw organisaties en aan hun leden"}, de {LIMIT}{" "}
        nieuwste eerst. De links werken zoals in de e-mail.
      </p>
      {messages.length === 0 ? <p>Nog geen e-mails verstuurd.</p> : null}
      <ul className="agreement-list">
        {messages.map((m) => (
          <li key={m.file}>
            <details>
              <summary style={{ cursor: "pointer" }}>
                <strong>{m.subject}</strong>
                <span className="meta" style={{ display: "block" }}>
                  aan {m.to}
                  {m.cc ? ` · cc ${m.cc}` : ""} · {m.date}
                  {m.attachments.length > 0 ? ` · bijlage: ${m.attachments.join(", ")}` : ""}
                </span>
              </summary>
              <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: ".9rem" }}>
                <TextWithLinks text={m.text} />
              </pre>
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
