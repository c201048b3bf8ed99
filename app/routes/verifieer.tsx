import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatBrusselsDateTime } from "~/domain/calendar/brussels-format";
import { VERIFY_MAX_BYTES } from "~/domain/signing/settings.server";
import { takeVerifyAttempt, VERIFY_RATE_LIMITED_MESSAGE, verifyUploadedPdf } from "~/domain/signing/verify-pdf.server";
import { isDemo } from "~/utils/env.server";
import { requestInfo } from "~/utils/request-info.server";

// Public: is this PDF a genuine signed version from Akkoord?

export const meta: MetaFunction = () => [{ title: "PDF controleren — Akkoord" }];

const MESSAGES = {
  tooLarge: `Dit bestand is te groot. Een PDF mag hoogstens ${VERIFY_MAX_BYTES / (1024 * 1024)} MB zijn.`,
  unreadable: "Het bestand kon niet gelezen worden. Kies het bestand opnieuw en probeer nog eens.",
  noFile: "Kies eerst een PDF-bestand.",
  notPdf: "Dit bestand is geen PDF. Kies het PDF-bestand dat u per e-mail kreeg.",
  demoSeal:
    "Let op: dit is een demo-omgeving. Het zegel is een demozegel, geplaatst met een ontwikkelcertificaat: het is geen echt zegel en deze PDF bewijst niets.",
} as const;

type Result =
  | { error: string }
  | {
      fileName: string;
      genuine: true;
      title: string;
      versionNumber: number;
      replaced: boolean;
      signedAt: string;
      signers: Array<{ name: string; signedAt: string }>;
      versionHash: string;
      /** From a demo installation: says its seal is not a real one. */
      demoNotice: string | null;
    }
  | { fileName: string; genuine: false; problems: string[] };

export const loader = () => ({ maxMegabytes: VERIFY_MAX_BYTES / (1024 * 1024) });

export async function action({ request }: ActionFunctionArgs) {
  // Counted before the body is read: a refused client costs nothing more.
  const attempt = takeVerifyAttempt({ ipAddress: requestInfo(request).ipAddress });
  if (!attempt.allowed) {
    return data({ error: VERIFY_RATE_LIMITED_MESSAGE } satisfies Result, {
      status: 429,
      headers: { "Retry-After": String(attempt.retryAfterSeconds) },
    });
  }
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > VERIFY_MAX_BYTES + 64 * 1024) return data({ error: MESSAGES.tooLarge } satisfies Result, { status: 413 });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: VERIFY_MAX_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return data({ error: MESSAGES.tooLarge } satisfies Result, { status: 413 });
    return data({ error: MESSAGES.unreadable } satisfies Result, { status: 400 });
  }
  const file = form.get("pdf");
  if (!file || typeof file === "string" || file.size === 0) return data({ error: MESSAGES.noFile } satisfies Result, { status: 400 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (!head.includes("%PDF-")) return data({ error: MESSAGES.notPdf } satisfies Result, { status: 400 });

  const verdict = await verifyUploadedPdf(bytes);
  const fileName = file.name.slice(0, 200);
  if (!verdict.genuine) return { fileName, genuine: false, problems: verdict.problems } satisfies Result;
  return {
    fileName,
    genuine: true,
    title: verdict.title,
    versionNumber: verdict.versionNumber,
    replaced: verdict.status === "vervangen",
    signedAt: formatBrusselsDateTime(verdict.signedAt),
    signers: verdict.signers.map((s) => ({ name: s.name, signedAt: formatBrusselsDateTime(s.signedAt) })),
    versionHash: verdict.versionHash,
    demoNotice: isDemo() ? MESSAGES.demoSeal : null,
  } satisfies Result;
}

export default function VerifyPage() {
  const result = useActionData<typeof action>() as Result | undefined;
  const { maxMegabytes } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow" style={{ maxWidth: "40rem" }}>
      <h1>Is deze PDF echt?</h1>
      <p className="lead">
        Laad een ondertekende PDF op. We controleren of hij van Akkoord komt en of er niets aan veranderd werd.
      </p>

      {result && "error" in result ? (
        <div className="alert alert--error" role="alert">
          {result.error}
        </div>
      ) : null}

      {result && "genuine" in result && result.genuine ? (
        <section className="alert alert--ok" role="status" aria-labelledby="uitslag">
          <h2 id="uitslag" style={{ marginTop: 0 }}>
            {result.demoNotice ? "Ongewijzigd, maar uit een demo-omgeving" : "Echt: dit is een ondertekende versie uit Akkoord"}
          </h2>
          {result.demoNotice ? (
            <p>
              <strong>{result.demoNotice}</strong>
            </p>
          ) : null}
          <dl className="details">
            <dt>Overeenkomst</dt>
            <dd>{result.title}</dd>
            <dt>Versie</dt>
            <dd>
              {result.versionNumber}
              {result.replaced ? " (intussen vervangen door een nieuwere ondertekende versie)" : ""}
            </dd>
            <dt>Ondertekend</dt>
            <dd>{result.signedAt}</dd>
            <dt>Door</dt>
            <dd>
              <ul style={{ margin: 0, paddingLeft: "1.1rem" }}>
                {result.signers.map((s) => (
                  <li key={`${s.name}-${s.signedAt}`}>
                    {s.name} ({s.signedAt})
                  </li>
                ))}
              </ul>
            </dd>
            <dt>Vingerafdruk</dt>
            <dd style={{ wordBreak: "break-all" }}>
              <code>{result.versionHash}</code>
            </dd>
          </dl>
        </section>
      ) : null}

      {result && "genuine" in result && !result.genuine ? (
        <section className="alert alert--error" role="alert" aria-labelledby="uitslag">
          <h2 id="uitslag" style={{ marginTop: 0 }}>
            Niet echt of gewijzigd
          </h2>
          <p>Dit bestand is geen ongewijzigde, ondertekende versie uit Akkoord. Vertrouw de inhoud niet.</p>
          <ul>
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="card">
        <div className="field">
          <label htmlFor="pdf">PDF-bestand</label>
          <span className="hint" id="pdf-hint">
            Hoogstens {maxMegabytes} MB.
          </span>
          <input id="pdf" name="pdf" type="file" accept="application/pdf,.pdf" aria-describedby="pdf-hint" style={{ minHeight: "2.75rem" }} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          Controleren
        </button>
      </Form>
    </div>
  );
}
