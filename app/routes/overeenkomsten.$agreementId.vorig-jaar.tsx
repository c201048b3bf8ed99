import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import draftingCss from "~/components/drafting/drafting.css?url";
import { Link, useLoaderData } from "@remix-run/react";
import { Redline } from "~/components/redline";
import { compareWithPreviousYear, redlineData } from "~/domain/versions/versions.server";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: draftingCss }];
export const meta: MetaFunction = () => [{ title: "Vergelijken met vorig jaar — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { agreement, previous, comparison, variables } = await orRespond(compareWithPreviousYear({ user, agreementId: params.agreementId ?? "" }));
  return { agreement: { id: agreement.id, title: agreement.title }, previous, ...redlineData(comparison, variables) };
}

export default function PreviousYear() {
  const { agreement, previous, summary, clauses, variables } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Vergeleken met vorig jaar</h1>
      <p className="lead">
        Het huidige concept naast de ondertekende versie {previous.number} van schooljaar {previous.schoolYear} (
        <Link to={`/overeenkomsten/${previous.id}`}>{previous.title}</Link>). {summary.added} toegevoegd · {summary.removed} verwijderd ·{" "}
        {summary.changed} gewijzigd · {summary.variablesChanged} gegevens gewijzigd.
      </p>
      <Redline clauses={clauses} variables={variables} />
    </>
  );
}
