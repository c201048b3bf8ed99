import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { mailConfigFromEnv } from "~/domain/mail/send-mail.server";
import { listOutbox, readOutboxMessage } from "~/domain/mail/transports/file.server";
import { notFoundResponse } from "~/utils/http.server";

// Development only: the e-mails the file transport wrote to the outbox
// directory (MAIL_OUTBOX_DIR, default data/outbox), newest first.

export const meta: MetaFunction = () => [{ title: "Uitgaande e-mails — Akkoord" }, { name: "robots", content: "noindex" }];

const LIMIT = 100;

export async function loader(_args: LoaderFunctionArgs) {
  if (process.env.NODE_ENV === "production") throw notFoundResponse("Deze pagina bestaat niet.");
  const dir = mailConfigFromEnv().outboxDir ?? "data/outbox";
  const entries = await listOutbox(dir, { limit: LIMIT });
  const messages = [];
  for (const entry of entries) {
    const message = await readOutboxMessage(dir, entry.file);
    if (!message) continue;
    messages.push({
      file: entry.file,
      date: entry.date.toLocaleString("nl-BE", { timeZone: "Europe/Brussels" }),
      to: message.headers.to.join(", "),
      cc: message.headers.cc.join(", "),
      subject: message.headers.subject,
      text: message.text,
      attachments: message.attachments.map((a) => `${a.filename} (${Math.ceil(a.size / 1024)} kB)`),
    });
  }
  return { dir, messages };
}

export default function DevOutbox() {
  const { dir, messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Uitgaande e-mails</h1>
      <p className="lead">
        Alleen buiten productie. Map: <code>{dir}</code> · de {LIMIT} nieuwste berichten.
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
              <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: ".9rem" }}>{m.text}</pre>
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
