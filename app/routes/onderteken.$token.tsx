import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { ConsentCheckbox, DocumentText, SignerSummaryView } from "~/components/signing/signing-document";
import { Field, FormErrors } from "~/components/ui/field";
import { formatBrusselsDateTime } from "~/domain/calendar/brussels-format";
import { declineVersion } from "~/domain/signing/decline-version.server";
import { readDrawnSignature } from "~/domain/signing/drawn-signature.server";
import { SigningFormError } from "~/domain/signing/errors";
import { requestOneTimeCode } from "~/domain/signing/one-time-code.server";
import { DECLINE_MESSAGES, REASON_MAX, SIGN_MESSAGES } from "~/domain/signing/form-rules";
import { signVersion } from "~/domain/signing/sign-version.server";
import { renewSigningLink } from "~/domain/signing/renew-signing-link.server";
import { assertUsableLink, loadSigningPage } from "~/domain/signing/signing-link.server";
import type { AppErrorCode } from "~/utils/errors";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError, throwAsResponse } from "~/utils/http.server";
import { useNonce } from "~/utils/nonce-provider";
import { requestInfo } from "~/utils/request-info.server";

// The public signing page behind a personal link. No account; works without
// JavaScript (drawing a signature needs it, uploading a PNG does not).
// Every link that does not work gets the same neutral page (410).

export const meta: MetaFunction = () => [{ title: "Ondertekenen — Akkoord" }, { name: "robots", content: "noindex" }];

// The server already sends "Referrer-Policy: same-origin", so the token never
// leaves this site. (Not "no-referrer": browsers then send "Origin: null" with
// a form post, which Remix refuses as cross-site.)
/**
 * The signing page works without JavaScript, so it sends none but the small
 * drawing script (public/signature-pad.js): no React, router or form library
 * in the browser (root.tsx leaves out <Scripts /> for such a route). A signer
 * on a phone downloads a few KB instead of ~100 KB.
 */
export const handle = { hydrate: false, scripts: ["/signature-pad.js"] };

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** A link that does not work (410) or a version that does not match its hash (409): the error page below, never the form. */
const NO_PAGE: readonly AppErrorCode[] = ["LINK_UNAVAILABLE", "LINK_EXPIRED", "VERSION_TAMPERED"];

function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}${"•".repeat(Math.max(2, Math.min(local.length - 1, 6)))}@${domain}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await orRespond(loadSigningPage({ token: params.token ?? "", audit: requestInfo(request) }));
  return { ...page, signatory: { ...page.signatory, email: maskEmail(page.signatory.email) } };
}

const codeField = z
  .string({ required_error: "Vul de code in die u per e-mail kreeg." })
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "De code bestaat uit 6 cijfers."));

const SignSchema = z.object({
  code: codeField,
  consent: z.string({ required_error: SIGN_MESSAGES.consent }),
  fullName: z.string({ required_error: SIGN_MESSAGES.nameMissing }).trim().min(1, SIGN_MESSAGES.nameMissing).max(200, "Deze naam is te lang."),
  drawnSignature: z.string().max(2_000_000).optional(),
  signatureFile: z.instanceof(File).optional(),
});

const DeclineSchema = z.object({
  code: codeField,
  reason: z
    .string({ required_error: DECLINE_MESSAGES.reasonMissing })
    .trim()
    .min(1, DECLINE_MESSAGES.reasonMissing)
    .max(REASON_MAX, DECLINE_MESSAGES.reasonTooLong),
});

type ActionData =
  | { intent: "code"; sent: true; until: string }
  | { intent: "code"; message: string }
  | { intent: "sign" | "decline"; result: SubmissionResult<string[]> }
  | { intent: "other"; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const audit = requestInfo(request);
  const formData = await readFormData(request, { multiLine: ["reason"] });
  const intent = formData.get("intent");
  if (intent === "new-link") {
    // Same answer whatever happened: nothing tells whether or where a link went.
    await renewSigningLink({ token, audit });
    return redirect("/onderteken/klaar?uitkomst=nieuwe-link");
  }
  try {
    if (intent === "code") {
      try {
        const { expiresAt } = await requestOneTimeCode({ token, audit });
        return { intent: "code", sent: true, until: formatBrusselsDateTime(expiresAt) } satisfies ActionData;
      } catch (error) {
        return replyWithError(error, (e) => ({ intent: "code", message: e.message }) satisfies ActionData, NO_PAGE);
      }
    }
    if (intent === "sign") {
      // The link first: nobody gets a drawn signature decoded without a working link.
      await assertUsableLink({ token });
      const submission = parseWithZod(formData, { schema: SignSchema });
      const hide = ["drawnSignature", "signatureFile"];
      if (submission.status !== "success") {
        return data({ intent: "sign", result: submission.reply({ hideFields: hide }) } satisfies ActionData, { status: 400 });
      }
      const drawn = await readDrawnSignature({ dataUrl: submission.value.drawnSignature, file: submission.value.signatureFile });
      if (!drawn.ok) {
        return data(
          { intent: "sign", result: submission.reply({ fieldErrors: { drawnSignature: [drawn.message] }, hideFields: hide }) } satisfies ActionData,
          { status: 400 },
        );
      }
      try {
        const result = await signVersion({
          token,
          code: submission.value.code,
          consent: true,
          fullName: submission.value.fullName,
          drawnSignature: drawn.png,
          audit,
        });
        return redirect(`/onderteken/klaar?uitkomst=${result.completed ? "voltooid" : "ondertekend"}`);
      } catch (error) {
        if (!(error instanceof SigningFormError)) throw error;
        return data({ intent: "sign", result: submission.reply({ fieldErrors: error.fieldErrors, hideFields: hide }) } satisfies ActionData, {
          status: 400,
        });
      }
    }
    if (intent === "decline") {
      const submission = parseWithZod(formData, { schema: DeclineSchema });
      if (submission.status !== "success") {
        return data({ intent: "decline", result: submission.reply() } satisfies ActionData, { status: 400 });
      }
      try {
        await declineVersion({ token, code: submission.value.code, reason: submission.value.reason, audit });
        return redirect("/onderteken/klaar?uitkomst=geweigerd");
      } catch (error) {
        if (!(error instanceof SigningFormError)) throw error;
        return data({ intent: "decline", result: submission.reply({ fieldErrors: error.fieldErrors }) } satisfies ActionData, { status: 400 });
      }
    }
    return data({ intent: "other", message: "Deze actie kennen we niet. Laad de pagina opnieuw." } satisfies ActionData, { status: 400 });
  } catch (error) {
    throwAsResponse(error);
  }
}

const FULL_WIDTH = { width: "100%" } as const;

export default function SigningPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { document: doc } = page;

  const codeSent = actionData?.intent === "code" && "sent" in actionData ? actionData : null;
  const codeError = actionData?.intent === "code" && "message" in actionData ? actionData.message : null;
  const codeActive = codeSent !== null || page.code.active;

  const [signForm, signFields] = useForm<z.input<typeof SignSchema>>({
    id: "ondertekenen-formulier",
    lastResult: actionData?.intent === "sign" ? actionData.result : undefined,
  });
  const [declineForm, declineFields] = useForm<z.input<typeof DeclineSchema>>({
    id: "weigeren-formulier",
    lastResult: actionData?.intent === "decline" ? actionData.result : undefined,
  });
  const declineOpen = actionData?.intent === "decline";

  return (
    <article className="signing" style={{ maxWidth: "46rem", margin: "0 auto" }}>
      <p className="meta">Ondertekenen via Akkoord</p>
      <h1>{doc.title}</h1>
      <p className="lead">
        {doc.documentTypeLabel} · schooljaar {doc.schoolYear}
        {doc.yearCount > 1 ? ` (voor ${doc.yearCount} schooljaren)` : ""} · versie {page.version.number}
      </p>
      <div className="alert alert--info">
        <p style={{ margin: 0 }}>
          U ondertekent als <strong>{page.signatory.name}</strong>, {page.signatory.functionTitle} van {page.signatory.organisation}.
          {page.signatory.capacity ? <strong> {page.signatory.capacity}</strong> : null}
          Hieronder leest u eerst wat uw partij afspreekt, dan de volledige tekst. Onderaan vraagt u een code aan en ondertekent u.
        </p>
      </div>
      <SignerSummaryView summary={page.summary} />
      <p>
        <a href="#ondertekenen" className="button button--secondary" style={FULL_WIDTH}>
          Naar ondertekenen
        </a>
      </p>

      <DocumentText doc={doc} />

      <section aria-labelledby="ondertekenaars">
        <h2 id="ondertekenaars">Ondertekenaars</h2>
        <ul>
          {page.signatories.map((s, i) => (
            <li key={i}>
              {s.name}, {s.functionTitle} ({s.organisation}): {s.status}
            </li>
          ))}
        </ul>
        <p className="meta" style={{ wordBreak: "break-all" }}>
          Vingerafdruk van deze versie (SHA-256): <code>{page.version.hash}</code>
        </p>
      </section>

      <section className="card" id="ondertekenen" aria-labelledby="ondertekenen-titel">
        <h2 id="ondertekenen-titel" style={{ marginTop: 0 }}>
          Ondertekenen
        </h2>
        <h3>1. Vraag een code aan</h3>
        <p>
          We sturen een code van 6 cijfers naar {page.signatory.email}. De code werkt 10 minuten.
        </p>
        {codeSent ? (
          <div className="alert alert--ok" role="status">
            De code is verstuurd. Kijk in uw mailbox. De code werkt tot {codeSent.until}.
          </div>
        ) : page.code.active ? (
          <p className="meta">Er is al een code verstuurd. Ze werkt tot {page.code.expiresAt}.</p>
        ) : null}
        {codeError ? (
          <div className="alert alert--error" role="alert">
            {codeError}
          </div>
        ) : null}
        <Form method="post" preventScrollReset>
          <button type="submit" name="intent" value="code" className="button button--secondary" style={FULL_WIDTH} disabled={busy}>
            {codeActive ? "Stuur mij een nieuwe code" : "Stuur mij een code"}
          </button>
        </Form>

        <h3>2. Onderteken</h3>
        <Form method="post" encType="multipart/form-data" {...getFormProps(signForm)} noValidate>
          <FormErrors id={signForm.errorId} errors={signForm.errors} />
          <Field id={signFields.code.id} label="Code uit de e-mail" errors={signFields.code.errors} errorId={signFields.code.errorId}>
            <input
              id={signFields.code.id}
              name="code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={12}
              defaultValue={typeof signFields.code.initialValue === "string" ? signFields.code.initialValue : ""}
              aria-invalid={signFields.code.errors ? true : undefined}
              aria-describedby={signFields.code.errors ? signFields.code.errorId : undefined}
              style={{ fontSize: "1.4rem", letterSpacing: ".3em", maxWidth: "12rem" }}
            />
          </Field>
          <ConsentCheckbox
            errors={signFields.consent.errors}
            errorId={signFields.consent.errorId}
            defaultChecked={signFields.consent.initialValue === "ja"}
          />
          <Field
            id={signFields.fullName.id}
            label="Uw volledige naam"
            hint={`Typ uw naam zoals op het document: ${page.signatory.name}. Hoofdletters en accenten maken niet uit.`}
            errors={signFields.fullName.errors}
            errorId={signFields.fullName.errorId}
          >
            <input
              id={signFields.fullName.id}
              name="fullName"
              type="text"
              autoComplete="name"
              defaultValue={typeof signFields.fullName.initialValue === "string" ? signFields.fullName.initialValue : ""}
              aria-invalid={signFields.fullName.errors ? true : undefined}
              aria-describedby={signFields.fullName.errors ? signFields.fullName.errorId : `${signFields.fullName.id}-hint`}
            />
          </Field>
          <SignatureInput error={signFields.drawnSignature.errors?.[0]} errorId={signFields.drawnSignature.errorId} />
          <button type="submit" name="intent" value="sign" className="button" style={FULL_WIDTH} disabled={busy}>
            Ondertekenen
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="weigeren-titel">
        <details open={declineOpen}>
          <summary style={{ cursor: "pointer", minHeight: "2.75rem", display: "flex", alignItems: "center" }}>
            <strong id="weigeren-titel">Niet akkoord? Weigeren</strong>
          </summary>
          <p>
            Als u weigert, kan niemand deze versie nog ondertekenen. Wie het document opstelde, krijgt uw reden per e-mail.
          </p>
          <Form method="post" {...getFormProps(declineForm)} noValidate>
            <FormErrors id={declineForm.errorId} errors={declineForm.errors} />
            <Field id={declineFields.code.id} label="Code uit de e-mail" errors={declineFields.code.errors} errorId={declineFields.code.errorId}>
              <input
                id={declineFields.code.id}
                name="code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={12}
                defaultValue={typeof declineFields.code.initialValue === "string" ? declineFields.code.initialValue : ""}
                aria-invalid={declineFields.code.errors ? true : undefined}
                style={{ maxWidth: "12rem" }}
              />
            </Field>
            <Field
              id={declineFields.reason.id}
              label="Waarom ondertekent u niet?"
              hint="Vermeld geen gegevens over leerlingen of gezinnen."
              errors={declineFields.reason.errors}
              errorId={declineFields.reason.errorId}
            >
              <textarea
                id={declineFields.reason.id}
                name="reason"
                rows={4}
                maxLength={REASON_MAX}
                defaultValue={typeof declineFields.reason.initialValue === "string" ? declineFields.reason.initialValue : ""}
                aria-invalid={declineFields.reason.errors ? true : undefined}
              />
            </Field>
            <button type="submit" name="intent" value="decline" className="button button--danger" style={FULL_WIDTH} disabled={busy}>
              Weigeren
            </button>
          </Form>
        </details>
      </section>
      <p className="meta">De link werkt tot {page.linkExpiresAt}. Stuur hem niet door: hij is persoonlijk.</p>
    </article>
  );
}

/**
 * An optional drawn signature. With JavaScript: public/signature-pad.js puts a
 * canvas into #handtekening-teken whose PNG goes into the hidden field
 * "drawnSignature" (this page loads no React in the browser: see `handle`).
 * Always: uploading a PNG instead.
 */
function SignatureInput(props: { error?: string; errorId: string }) {
  const nonce = useNonce();
  return (
    <fieldset className="field" style={{ border: 0, padding: 0, margin: "0 0 1rem" }} aria-describedby={props.error ? props.errorId : undefined}>
      <legend>Handtekening (niet verplicht)</legend>
      <div id="handtekening-teken" />
      <span className="hint" id="handtekening-zonder-script">
        U kunt een afbeelding van uw handtekening kiezen (PNG, hoogstens 200 kB).
      </span>
      <label htmlFor="handtekening-bestand" className="visually-hidden">
        Afbeelding van uw handtekening (PNG)
      </label>
      <input id="handtekening-bestand" type="file" name="signatureFile" accept="image/png" style={{ minHeight: "2.75rem" }} />
      {props.error ? (
        <p className="field-error" id={props.errorId}>
          {props.error}
        </p>
      ) : null}
      {handle.scripts.map((src) => (
        <script key={src} src={src} nonce={nonce} defer />
      ))}
    </fieldset>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 410 && isRouteErrorResponse(error) && (error.data as { code?: string } | null)?.code === "LINK_EXPIRED") {
    return (
      <div className="card narrow">
        <h1>Deze link is verlopen</h1>
        <p>Deze ondertekenlink werkt niet meer: hij is verlopen.</p>
        <p>U kunt een nieuwe link aanvragen. Die komt per e-mail op het adres waarop u de uitnodiging kreeg.</p>
        <Form method="post">
          <button className="button" name="intent" value="new-link">
            Vraag een nieuwe link aan
          </button>
        </Form>
      </div>
    );
  }
  if (status === 410) {
    return (
      <div className="card narrow">
        <h1>Deze link werkt niet</h1>
        <p>Deze ondertekenlink is niet (meer) geldig.</p>
        <p>
          Misschien werd het document al ondertekend of geweigerd, kwam er een nieuwere versie, of is de link verlopen. Vraag wie u
          de link stuurde om een nieuwe.
        </p>
      </div>
    );
  }
  if (status === 409) {
    return (
      <div className="card narrow">
        <h1>Dit document kan niet ondertekend worden</h1>
        <p>
          De inhoud van dit document klopt niet met de versie die werd vastgelegd. Om veiligheidsredenen tonen we het niet. Neem
          contact op met wie u de link stuurde.
        </p>
      </div>
    );
  }
  return (
    <div className="card narrow">
      <h1>Er ging iets mis</h1>
      <p>Er liep iets mis aan onze kant. Probeer het later opnieuw.</p>
    </div>
  );
}
