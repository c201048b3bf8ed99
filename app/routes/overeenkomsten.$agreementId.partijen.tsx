import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors } from "~/components/ui/field";
import {
  addParty,
  inviteOrganisationAsParty,
  loadPartiesPage,
  PARTY_SEARCH_MIN_LENGTH,
  PartyActionSchema,
  removeParty,
  searchOrganisationsForParty,
} from "~/domain/agreements/manage-parties.server";
import { PARTY_STATUS_LABELS } from "~/domain/drafting/parties";
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from "~/domain/organisations/kinds";
import { replyWithAppError } from "~/utils/form-errors.server";
import { readFormData } from "~/utils/form-data.server";
import { orRespond } from "~/utils/http.server";
import { requestInfo } from "~/utils/request-info.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Partijen — Akkoord" }];

// The parties of a draft: search organisations (a GET form, works without
// JavaScript), add one in a role that fits it, invite one that is not in
// Akkoord yet, remove one. The domain (manage-parties.server.ts) decides.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  const page = await orRespond(loadPartiesPage({ user, agreementId }));
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const search = page.canManage && query ? await orRespond(searchOrganisationsForParty({ user, agreementId, query })) : null;
  return { ...page, query, search, kindLabels: ORGANISATION_KIND_LABELS, minLength: PARTY_SEARCH_MIN_LENGTH };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const agreementId = params.agreementId ?? "";
  const submission = parseWithZod(await readFormData(request), { schema: PartyActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const ctx = { user, agreementId, revision: submission.value.revision, audit: requestInfo(request) };
  const value = submission.value;
  try {
    if (value.intent === "add") await addParty({ ...ctx, organisationId: value.organisationId, partyRole: value.partyRole });
    else if (value.intent === "remove") await removeParty({ ...ctx, partyId: value.partyId, confirm: value.confirm === "ja" });
    else await inviteOrganisationAsParty({ ...ctx, input: value });
  } catch (error) {
    return replyWithAppError(submission, error);
  }
  return redirect(`/overeenkomsten/${agreementId}/partijen`);
}

export default function Parties() {
  const { agreement, canManage, roles, parties, query, search, kinds, kindLabels, minLength } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const messages = result?.error ? Object.values(result.error).flat().filter((m): m is string => typeof m === "string") : [];
  const kindLabel = (kind: string) => kindLabels[kind as OrganisationKind] ?? kind;
  return (
    <div className="card">
      <p>
        <Link to={`/overeenkomsten/${agreement.id}`}>← Terug naar het concept</Link>
      </p>
      <h1>Partijen</h1>
      <p className="lead">{agreement.title}</p>
      <FormErrors errors={messages} />

      <h2>Rollen</h2>
      <ul className="meta">
        {roles.map((r) => (
          <li key={r.id}>
            {r.label}: {r.count} (toegelaten: {r.bounds})
          </li>
        ))}
      </ul>

      <h2 id="huidige-partijen">Huidige partijen</h2>
      <ul className="signatory-list" aria-labelledby="huidige-partijen">
        {parties.map((p) => (
          <li key={p.id} className="signatory">
            <p className="signatory__name">
              <strong>{p.name}</strong>
              {p.municipality ? ` (${p.municipality})` : ""} — {p.role} — {PARTY_STATUS_LABELS[p.status] ?? p.status}
            </p>
            {p.removable ? (
              <Form method="post" className="inline-forms">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="revision" value={agreement.revision} />
                <input type="hidden" name="partyId" value={p.id} />
                <label>
                  <input type="checkbox" name="confirm" value="ja" /> Ook als er al een bevestigde ondertekenaar is
                </label>
                <button className="button button--danger button--small">
                  Verwijderen<span className="visually-hidden">: {p.name}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>

      {canManage ? (
        <>
          <h2 id="zoeken">Partij toevoegen</h2>
          <Form method="get" role="search">
            <label htmlFor="q">Zoek op naam, instellingsnummer of gemeente</label>
            <input id="q" name="q" defaultValue={query} minLength={minLength} maxLength={100} />
            <button className="button button--secondary">Zoeken</button>
          </Form>
          {search?.tooShort ? <p>Typ minstens {minLength} tekens.</p> : null}
          {search && !search.tooShort && search.results.length === 0 ? <p>Geen organisatie gevonden. Nodig ze hieronder uit.</p> : null}
          {search?.results.length ? (
            <ul className="signatory-list">
              {search.results.map((o) => (
                <li key={o.id} className="signatory">
                  <Form method="post" className="inline-forms">
                    <input type="hidden" name="intent" value="add" />
                    <input type="hidden" name="revision" value={agreement.revision} />
                    <input type="hidden" name="organisationId" value={o.id} />
                    <span>
                      <strong>{o.name}</strong> ({kindLabel(o.kind)}
                      {o.municipality ? `, ${o.municipality}` : ""}
                      {o.instellingsnummer ? `, ${o.instellingsnummer}` : ""})
                    </span>
                    {o.roles.length > 1 ? (
                      <select name="partyRole" aria-label={`Rol voor ${o.name}`}>
                        {o.roles.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.label}
                          </option>
                        ))}
                      </select>
                    ) : null}
                    <button className="button button--small">
                      Toevoegen<span className="visually-hidden">: {o.name}</span>
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          ) : null}
          {search?.more ? <p>Er zijn meer resultaten: typ meer om te verfijnen.</p> : null}

          <h2 id="uitnodigen">Organisatie uitnodigen die nog niet in Akkoord staat</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="invite" />
            <input type="hidden" name="revision" value={agreement.revision} />
            <div className="field">
              <label htmlFor="invite-name">Naam van de organisatie</label>
              <input id="invite-name" name="name" required maxLength={120} />
            </div>
            <div className="field">
              <label htmlFor="invite-kind">Soort organisatie</label>
              <select id="invite-kind" name="kind" required>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {kindLabel(k)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="invite-nr">Instellingsnummer (voor een school of CLB, niet verplicht)</label>
              <input id="invite-nr" name="instellingsnummer" inputMode="numeric" maxLength={6} />
            </div>
            <div className="field">
              <label htmlFor="invite-email">E-mailadres van de eerste medewerker</label>
              <input id="invite-email" name="email" type="email" required maxLength={254} />
            </div>
            <button className="button">Uitnodigen als partij</button>
          </Form>
        </>
      ) : (
        <p>Partijen toevoegen of verwijderen kan alleen een medewerker van een partij die aanvaardde, zolang de overeenkomst een concept is.</p>
      )}
    </div>
  );
}
