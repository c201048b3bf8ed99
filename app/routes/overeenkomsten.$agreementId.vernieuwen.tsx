import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors } from "~/components/ui/field";
import { findExistingRenewal, renewAgreement } from "~/domain/renewal/renew-agreement.server";
import { ExistingAgreementError } from "~/domain/agreements/same-agreement.server";
import { orRespond, replyWithError } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

// Where the yearly initiative reminder leads ("start from this year's
// evaluation"): the renewal when it exists already, else one button that makes it.

export const meta: MetaFunction = () => [{ title: "Volgend schooljaar starten — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { agreement, schoolYear, existing } = await orRespond(findExistingRenewal({ user, agreementId: params.agreementId ?? "" }));
  if (existing) throw redirect(`/overeenkomsten/${existing.id}`);
  return { agreement: { id: agreement.id, title: agreement.title, schoolYear: agreement.schoolYear, status: agreement.status }, nextYear: schoolYear };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const renewed = await renewAgreement({ user, agreementId: params.agreementId ?? "", audit: requestInfo(request) });
    return redirect(`/overeenkomsten/${renewed.id}`);
  } catch (error) {
    // Renewed meanwhile (a second click, the CLB's bulk renewal): open that one.
    if (error instanceof ExistingAgreementError) return redirect(`/overeenkomsten/${error.agreementId}`);
    return replyWithError(error, (e) => ({ message: e.message }));
  }
}

export default function StartNextYear() {
  const { agreement, nextYear } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Schooljaar {nextYear} starten</h1>
      <p className="lead">
        Een concept voor {nextYear} vanuit de ondertekende versie van {agreement.schoolYear}: de afspraken die nog lopen gaan mee, de evaluatienotities
        staan bij de clausules waarover ze gaan. De andere partijen worden uitgenodigd.
      </p>
      <FormErrors errors={result?.message ? [result.message] : undefined} />
      <Form method="post">
        <button type="submit" className="button">
          Concept voor {nextYear} maken
        </button>
      </Form>
    </>
  );
}
