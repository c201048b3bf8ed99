import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors } from "~/components/ui/field";
import { signIn } from "~/domain/auth/sign-in.server";
import { requestInfo } from "~/utils/request-info.server";
import { readFormData } from "~/utils/form-data.server";
import { createUserSession, getSessionUser, safeRedirect } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Aanmelden — Akkoord" }];

const SignInSchema = z.object({
  email: z
    .string({ required_error: "Vul uw e-mailadres in." })
    .trim()
    .max(254, "Dit e-mailadres is te lang.")
    .email("Vul een geldig e-mailadres in, zoals naam@school.be."),
  password: z.string({ required_error: "Vul uw wachtwoord in." }).max(200, "Dit wachtwoord is te lang."),
  redirectTo: z.string().max(500).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return null;
}

function waitLabel(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 seconde" : `${seconds} seconden`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minuut" : `${minutes} minuten`;
}

export async function action({ request }: ActionFunctionArgs) {
  // redirectTo is not typed by the user: safeRedirect sends anything unusual to "/".
  const formData = await readFormData(request, { unchecked: ["password", "redirectTo"] });
  const submission = parseWithZod(formData, { schema: SignInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await signIn({ email, password, ipAddress: requestInfo(request).ipAddress });
  if (!result.ok) {
    const message =
      result.reason === "rate_limited"
        ? `Te veel mislukte pogingen. Wacht ${waitLabel(result.retryAfterSeconds)} en probeer opnieuw.`
        : "Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer opnieuw.";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "rate_limited" ? 429 : 400,
      headers: result.reason === "rate_limited" ? { "Retry-After": String(result.retryAfterSeconds) } : undefined,
    });
  }
  const cookie = await createUserSession(result.userId, request);
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  return (
    <div className="card narrow">
      <h1>Aanmelden</h1>
      <p className="lead">Meld u aan met het e-mailadres van uw school of organisatie.</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field id={fields.email.id} label="E-mailadres" errors={fields.email.errors} errorId={fields.email.errorId}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" />
        </Field>
        <Field
          id={fields.password.id}
          label="Wachtwoord"
          errors={fields.password.errors}
          errorId={fields.password.errorId}
        >
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
        </Field>
        <div className="actions">
          <button type="submit" className="button">
            Aanmelden
          </button>
        </div>
      </Form>
    </div>
  );
}
