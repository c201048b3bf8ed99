import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ConsentCheckbox, DocumentText, SignerSummaryView } from "~/components/signing/signing-document";
import { Field, FormErrors } from "~/components/ui/field";
import { SigningFormError } from "~/domain/signing/errors";
import { IN_APP_MESSAGES } from "~/domain/signing/form-rules";
import { loadInAppSigning, resendOwnSigningLink, signVersionInApp } from "~/domain/signing/sign-in-app.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

// "Nu ondertekenen" in the app: the signed-in signatory signs with their
// password as the proof (no link, no code). The signing rules are the link's
// (domain/signing/sign-in-app.server.ts). Works without JavaScript.

export const meta: MetaFunction = () => [{ title: "Ondertekenen — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return orRespond(loadInAppSigning({ user, agreementId: params.agreementId ?? "", audit: requestInfo(request) }));
}

const SignSchema = z.object({
  intent: z.literal("sign"),
  password: z.string().max(500, IN_APP_MESSAGES.passwordWrong).default(""),
  consent: z.literal("ja").optional(),
  fullName: z.string().max(200, "Deze naam is te lang.").default(""),
});

type ActionData = { message?: string; fieldErrors?: Record<string, string[]>; fullName?: string; ok?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  const audit = { ...requestInfo(request), actorUserId: user.id, actorLabel: user.name };
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    if (intent === "resend-link") {
      await resendOwnSigningLink({ user, agreementId, audit });
      return { ok: `We stuurden een nieuwe ondertekenlink naar ${user.email}. De vorige link werkt niet meer.` } satisfies ActionData;
    }
    const parsed = SignSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return data({ message: "Deze actie kennen we niet. Laad de pagina opnieuw." } satisfies ActionData, { status: 400 });
    }
    const { password, consent, fullName } = parsed.data;
    await signVersionInApp({ user, agreementId, password, consent: consent === "ja", fullName, audit });
    return redirect(`/overeenkomsten/${agreementId}/ondertekenen`);
  } catch (error) {
    const fullName = String(formData.get("fullName") ?? "");
    return replyWithError(
      error,
      (e) => (e instanceof SigningFormError ? { fieldErrors: e.fieldErrors, fullName } : { message: e.message, fullName }) satisfies ActionData,
      ["NOT_FOUND", "VERSION_TAMPERED"],
    );
  }
}

export default function SignInAppPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const errorOf = (field: string) => result?.fieldErrors?.[field];
  return (
    <article style={{ maxWidth: "46rem" }}>
      <p className="meta">
        <Link to={`/overeenkomsten/${page.agreementId}`}>← Terug naar de overeenkomst</Link>
      </p>
      <h1>Versie {page.version.number} ondertekenen</h1>
      <p className="lead">
        U ondertekent als <strong>{page.signatory.name}</strong>, {page.signatory.functionTitle} van {page.signatory.organisation}.
        {page.signatory.capacity ? <strong> {page.signatory.capacity}</strong> : null}
      </p>
      {result?.ok ? (
        <div className="alert alert--ok" role="status">
          {result.ok}
        </div>
      ) : null}
      {result?.message ? <FormErrors errors={[result.message]} /> : null}
      {page.state === "signed" ? (
        <div className="alert alert--ok" role="status">
          <p style={{ margin: 0 }}>{IN_APP_MESSAGES.alreadySigned} Zodra iedereen ondertekend heeft, krijgt u het ondertekende document als PDF per e-mail.</p>
        </div>
      ) : page.state === "waiting" ? (
        <div className="alert alert--info">{IN_APP_MESSAGES.waiting}</div>
      ) : page.state === "closed" ? (
        <div className="alert alert--info">{IN_APP_MESSAGES.closed}</div>
      ) : null}

      {page.summary && page.document ? (
        <>
          <SignerSummaryView summary={page.summary} />
          <DocumentText doc={page.document} />
          <section className="card" id="ondertekenen" aria-labelledby="ondertekenen-titel">
            <h2 id="ondertekenen-titel" style={{ marginTop: 0 }}>
              Nu ondertekenen
            </h2>
            <p>U bent aangemeld. Vul ter bevestiging uw wachtwoord opnieuw in: dat geldt als uw bewijs, in plaats van de code per e-mail.</p>
            <Form method="post" noValidate>
              <Field id="wachtwoord" label="Uw wachtwoord" errors={errorOf("password")}>
                <input
                  id="wachtwoord"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  aria-invalid={errorOf("password") ? true : undefined}
                  aria-describedby={errorOf("password") ? "wachtwoord-error" : undefined}
                />
              </Field>
              <ConsentCheckbox errors={errorOf("consent")} errorId="akkoord-error" />
              <Field
                id="volledige-naam"
                label="Uw volledige naam"
                hint={`Typ uw naam zoals op het document: ${page.signatory.name}. Hoofdletters en accenten maken niet uit.`}
                errors={errorOf("fullName")}
              >
                <input
                  id="volledige-naam"
                  name="fullName"
                  type="text"
                  autoComplete="name"
                  defaultValue={result?.fullName ?? ""}
                  aria-invalid={errorOf("fullName") ? true : undefined}
                  aria-describedby={errorOf("fullName") ? "volledige-naam-error" : "volledige-naam-hint"}
                />
              </Field>
              <button type="submit" name="intent" value="sign" className="button" disabled={busy}>
                Ondertekenen
              </button>
            </Form>
          </section>
          <section className="card" aria-labelledby="link-titel">
            <h2 id="link-titel" style={{ marginTop: 0 }}>
              Liever via de link?
            </h2>
            <p>U kunt ook ondertekenen met de persoonlijke link uit uw e-mail, met een code. Vindt u die e-mail niet meer?</p>
            <Form method="post">
              <button type="submit" name="intent" value="resend-link" className="button button--secondary" disabled={busy}>
                Stuur de link opnieuw
              </button>
            </Form>
          </section>
          <p className="meta" style={{ overflowWrap: "anywhere" }}>
            Vingerafdruk van deze versie (SHA-256): <code>{page.version.hash}</code>
          </p>
        </>
      ) : null}
    </article>
  );
}
