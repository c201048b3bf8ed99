import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import draftingCss from "~/components/drafting/drafting.css?url";
import { Link, useLoaderData } from "@remix-run/react";
import { ClauseText } from "~/components/drafting/clause-view";
import { shortFingerprint } from "~/domain/versions/hash";
import { agreementStatusLabel } from "~/domain/agreements/status";
import { getVersion } from "~/domain/versions/versions.server";
import { notFound } from "~/utils/errors";
import { appErrorResponse, orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";
import { partyDisplayName } from "~/domain/organisations/party-name";
import { positiveDbInt } from "~/utils/whole-number";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: draftingCss }];
export const meta: MetaFunction = () => [{ title: "Versie — Akkoord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = positiveDbInt(params.number);
  if (number === null) throw appErrorResponse(notFound("Deze versie bestaat niet."));
  const { agreement, version, snapshot } = await orRespond(getVersion({ user, agreementId: params.agreementId ?? "", number }));
  const sections: Array<{ title: string; clauses: Array<{ key: string; title: string; text: string }> }> = [];
  for (const c of snapshot.clauses) {
    let section = sections.find((s) => s.title === c.sectionTitle);
    if (!section) sections.push((section = { title: c.sectionTitle, clauses: [] }));
    section.clauses.push({ key: c.key, title: c.title, text: c.renderedText });
  }
  return {
    agreement: { id: agreement.id, title: snapshot.agreement.title, schoolYear: snapshot.agreement.schoolYear },
    version: { number: version.number, status: agreementStatusLabel(version.status), fingerprint: shortFingerprint(version.contentHash), hash: version.contentHash },
    parties: snapshot.parties.map((p) => ({ role: p.partyRoleLabel, name: partyDisplayName(p) })),
    sections,
    commitments: snapshot.commitments.map((c) => ({
      key: c.key,
      what: c.what,
      bearer: snapshot.parties.find((p) => p.partyRole === c.bearerPartyRole)?.name ?? c.bearerPartyRole ?? "",
      due: c.dueHint ?? c.dueDate ?? "",
      rasci: Object.entries(c.rasci)
        .map(([role, letter]) => `${snapshot.parties.find((p) => p.partyRole === role)?.partyRoleLabel ?? role}: ${letter}`)
        .join(" · "),
    })),
    signatories: snapshot.signatories.filter((s) => s.kind === "signer").map((s) => `${s.name} (${s.functionTitle})`),
  };
}

export default function VersionPage() {
  const { agreement, version, parties, sections, commitments, signatories } = useLoaderData<typeof loader>();
  return (
    <article className="print-document">
      <p className="meta">
        <Link to={`/overeenkomsten/${agreement.id}/versies`}>← Alle versies</Link>
      </p>
      <h1>
        {agreement.title} — versie {version.number}
      </h1>
      <p className="lead">
        {version.status} · schooljaar {agreement.schoolYear}
      </p>
      <details className="fingerprint">
        <summary>
          Controlecode <code>{version.fingerprint}</code>
        </summary>
        <p className="meta">
          De volledige controlecode (SHA-256 van de vastgelegde tekst): <code className="hash">{version.hash}</code>
        </p>
      </details>
      <h2>Partijen</h2>
      <ul>
        {parties.map((p) => (
          <li key={p.name + p.role}>
            {p.role}: {p.name}
          </li>
        ))}
      </ul>
      {sections.map((s, i) => (
        <section key={s.title}>
          <h2>
            {i + 1}. {s.title}
          </h2>
          {s.clauses.map((c, j) => (
            <div key={c.key}>
              <h3>
                {i + 1}.{j + 1} {c.title}
              </h3>
              <ClauseText text={c.text} />
            </div>
          ))}
        </section>
      ))}
      <h2>Afspraken</h2>
      <table className="cards">
        <thead>
          <tr>
            <th scope="col">Wie</th>
            <th scope="col">Wat</th>
            <th scope="col">Tegen wanneer</th>
            <th scope="col">RASCI</th>
          </tr>
        </thead>
        <tbody>
          {commitments.map((c) => (
            <tr key={c.key}>
              <td data-label="Wie">{c.bearer}</td>
              <td data-label="Wat">{c.what}</td>
              <td data-label="Tegen wanneer">{c.due}</td>
              <td data-label="RASCI">{c.rasci}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Ondertekenaars</h2>
      <ul>
        {signatories.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </article>
  );
}
