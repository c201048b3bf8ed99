import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import draftingCss from "~/components/drafting/drafting.css?url";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { shortFingerprint } from "~/domain/versions/hash";
import { agreementStatusLabel } from "~/domain/agreements/status";
import { listVersions } from "~/domain/versions/versions.server";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";
import { formatBrusselsDateTime } from "~/domain/calendar/brussels-format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: draftingCss }];
export const meta: MetaFunction = () => [{ title: "Versies — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { agreement, versions } = await orRespond(listVersions({ user, agreementId: params.agreementId ?? "" }));
  return {
    agreement: { id: agreement.id, title: agreement.title },
    versions: versions.map((v) => ({
      ...v,
      fingerprint: shortFingerprint(v.contentHash),
      statusLabel: agreementStatusLabel(v.status),
      frozenAt: formatBrusselsDateTime(v.frozenAt),
    })),
  };
}

export default function Versions() {
  const { agreement, versions } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}`}>← {agreement.title}</Link>
      </p>
      <h1>Versies</h1>
      {versions.length === 0 ? (
        <p>Er is nog geen versie vastgelegd.</p>
      ) : (
        <>
          <table className="cards">
            <thead>
              <tr>
                <th scope="col">Versie</th>
                <th scope="col">Status</th>
                <th scope="col">Vastgelegd</th>
                <th scope="col">Door</th>
                <th scope="col">Controlecode</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td data-label="Versie">
                    <Link to={String(v.number)}>Versie {v.number}</Link>
                  </td>
                  <td data-label="Status">{v.statusLabel}</td>
                  <td data-label="Vastgelegd">{v.frozenAt}</td>
                  <td data-label="Door">{v.frozenBy ?? "—"}</td>
                  <td data-label="Controlecode">
                    <code title={v.contentHash}>{v.fingerprint}</code> {v.intact ? "" : <strong className="warning">klopt niet!</strong>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {versions.length > 1 ? (
            <Form method="get" action={`/overeenkomsten/${agreement.id}/vergelijk`} className="card narrow">
              <h2>Twee versies vergelijken</h2>
              <div className="field">
                <label htmlFor="van">Oudere versie</label>
                <select id="van" name="van" defaultValue={versions[1]!.number}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.number}>
                      Versie {v.number}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="naar">Nieuwere versie</label>
                <select id="naar" name="naar" defaultValue={versions[0]!.number}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.number}>
                      Versie {v.number}
                    </option>
                  ))}
                </select>
              </div>
              <button className="button" type="submit">
                Vergelijken
              </button>
            </Form>
          ) : null}
        </>
      )}
    </>
  );
}
