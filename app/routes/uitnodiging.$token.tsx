import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { Field, FormErrors } from "~/components/ui/field";
import { ROLE_LABELS } from "~/domain/organisations/kinds";
import { acceptAsExistingUser, acceptWithNewAccount, findOpenInvitation } from "~/domain/people/invitations.server";
import { NewAccountSchema, PASSWORD_MIN_LENGTH } from "~/domain/people/roles";
import { readFormData } from "~/utils/form-data.server";
import { replyWithError } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { createUserSession, getSessionUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Uitnodiging — Akkoord" }, { name: "robots", content: "noindex" }];

// The link from the invitation e-mail. An unknown, used or expired link gets
// the same neutral page, so the link reveals nothing.

const NEUTRAL = { state: "unusable" as const };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findOpenInvitation(params.token ?? "");
  if (!invitation) return data(NEUTRAL, { status: 404, headers: { "Referrer-Policy": "no-referrer" } });
  const user = await getSessionUser(request);
  return data(
    {
      state: "open" as const,
      organisation: invitation.organisation.name,
      role: ROLE_LABELS[invitation.role],
      email: invitation.email,
      hasAccount: invitation.hasAccount,
      signedInAs: user ? { email: user.email, matches: user.email.trim().toLowerCase() === invitation.email } : null,
    },
    { headers: { "Referrer-Policy": "no-referrer" } }
  );
}

type ActionData = { message?: string; errors?: Record<string, string>; name?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const formData = await readFormData(request);
  const audit = requestInfo(request);
  const user = await getSessionUser(request);
  try {
    if (formData.get("intent") === "accept") {
      if (!user) return redirect(`/inloggen?redirectTo=${encodeURIComponent(`/uitnodiging/${token}`)}`);
      await acceptAsExistingUser({ token, user, audit });
      return redirect("/?welkom=1");
    }
    const raw = {
      name: String(formData.get("name") ?? "").slice(0, 500),
      password: String(formData.get("password") ?? "").slice(0, 500),
      passwordConfirm: String(formData.get("passwordConfirm") ?? "").slice(0, 500),
    };
    const parsed = NewAccountSchema.safeParse(raw);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      return data<ActionData>({ errors, name: raw.name }, { status: 400 });
    }
    const userId = await acceptWithNewAccount({ token, input: parsed.data, audit });
    const cookie = await createUserSession(userId, request);
    return redirect("/?welkom=1", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    // An unknown or used invitation is said on the page itself (404), beside the form.
    return replyWithError(error, (e): ActionData => ({ message: e.message }), []);
  }
}

export default function InvitationPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { token = "" } = useParams();
  if (page.state !== "open") {
    return (
      <div className="card narrow">
        <h1>Deze uitnodiging werkt niet</h1>
        <p>De link is niet (meer) geldig: hij werd al gebruikt, hij is verlopen of hij is niet volledig. Vraag wie u uitnodigde om een nieuwe uitnodiging.</p>
        <p>
          <Link to="/inloggen">Naar aanmelden</Link>
        </p>
      </div>
    );
  }
  const e = result?.errors ?? {};
  const describedBy = (id: string, hint = false) => [hint ? `${id}-hint` : "", e[id] ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="card narrow">
      <h1>Uitnodiging voor {page.organisation}</h1>
      <p className="lead">
        U bent uitgenodigd als {page.role.toLowerCase()} bij {page.organisation}, met het e-mailadres {page.email}.
      </p>
      <FormErrors errors={result?.message ? [result.message] : undefined} />
      {page.hasAccount ? (
        page.signedInAs?.matches ? (
          <Form method="post">
            <p>U bent aangemeld als {page.signedInAs.email}.</p>
            <div className="actions">
              <button type="submit" name="intent" value="accept" className="button">
                Uitnodiging aanvaarden
              </button>
            </div>
          </Form>
        ) : page.signedInAs ? (
          <p>
            U bent aangemeld met een ander e-mailadres ({page.signedInAs.email}). Meld u af en meld u aan met {page.email} om de uitnodiging te aanvaarden.
          </p>
        ) : (
          <>
            <p>Er bestaat al een account met dit e-mailadres. Meld u aan; daarna aanvaardt u de uitnodiging hier.</p>
            <p className="actions">
              <Link className="button" to={`/inloggen?redirectTo=${encodeURIComponent(`/uitnodiging/${token}`)}`}>
                Aanmelden
              </Link>
            </p>
          </>
        )
      ) : (
        <Form method="post" noValidate>
          <Field id="name" label="Uw voornaam en naam" errors={e.name ? [e.name] : undefined}>
            <input
              id="name"
              name="name"
              type="text"
              autoComplete="name"
              defaultValue={result?.name ?? ""}
              aria-invalid={e.name ? true : undefined}
              aria-describedby={describedBy("name")}
            />
          </Field>
          <Field
            id="password"
            label="Kies een wachtwoord"
            hint={`Minstens ${PASSWORD_MIN_LENGTH} tekens. Een zin van enkele woorden is sterk en makkelijk te onthouden.`}
            errors={e.password ? [e.password] : undefined}
          >
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="new-password"
              aria-invalid={e.password ? true : undefined}
              aria-describedby={describedBy("password", true)}
            />
          </Field>
          <Field id="passwordConfirm" label="Typ het wachtwoord nog een keer" errors={e.passwordConfirm ? [e.passwordConfirm] : undefined}>
            <input
              id="passwordConfirm"
              name="passwordConfirm"
              type="password"
              autoComplete="new-password"
              aria-invalid={e.passwordConfirm ? true : undefined}
              aria-describedby={describedBy("passwordConfirm")}
            />
          </Field>
          <div className="actions">
            <button type="submit" name="intent" value="create" className="button">
              Account maken
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}
