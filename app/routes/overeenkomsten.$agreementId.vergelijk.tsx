import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import draftingCss from "~/components/drafting/drafting.css?url";
import { Link, useLoaderData } from "@remix-run/react";
import { Redline } from "~/components/redline";
import { compareVersions, redlineData } from "~/domain/versions/versions.server";
import { invalidInput, notFound } from "~/utils/errors";
import { appErrorResponse, orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";
import { positiveDbInt } from "~/utils/whole-number";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: draftingCss }];
export const meta: MetaFunction = () => [{ title: "Versies vergelijken — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const [rawFrom, rawTo] = [url.searchParams.get("van"), url.searchParams.get("naar")];
  if (!rawFrom || !rawTo) throw appErrorResponse(invalidInput("Kies twee versies om te vergelijken."));
  // A number no version can have (garbage, 0, 2^63) is a version that does not exist.
  const [from, to] = [positiveDbInt(rawFrom), positiveDbInt(rawTo)];
  if (from === null || to === null) throw appErrorResponse(notFound("Deze versie bestaat niet."));
  const { agreement, older, newer, comparison, variables } = await orRespond(
    compareVersions({ user, agreementId: params.agreementId ?? "", from, to }),
  );
  return {
    agreement: { id: agreement.id, title: agreement.title },
    from: older.number,
    to: newer.number,
    ...redlineData(comparison, variables),
  };
}

export default function Compare() {
  const { agreement, from, to, summary, variables, clauses } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}/versies`}>← Alle versies</Link>
      </p>
      <h1>
        Versie {from} en versie {to} vergeleken
      </h1>
      <p className="lead">
        {summary.added} toegevoegd · {summary.removed} verwijderd · {summary.moved} verplaatst · {summary.changed} gewijzigd ·{" "}
        {summary.variablesChanged} gegevens gewijzigd
      </p>
      <Redline clauses={clauses} variables={variables} />
    </>
  );
}
