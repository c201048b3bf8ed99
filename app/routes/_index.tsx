import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { DashboardTeaser } from "~/components/dashboard/teaser";
import { StatusBadge } from "~/components/status-badge";
import { membershipsAllow } from "~/domain/access/policy";
import { startPageText } from "~/domain/access/start-page";
import { documentTypeLabel } from "~/domain/templates/document-types.server";
import { listPendingInvitations } from "~/domain/agreements/accept-party.server";
import { listAgreementsForUser } from "~/domain/agreements/list-agreements.server";
import { loadDashboardTeaser } from "~/domain/dashboards/teaser.server";
import { ROLE_LABELS } from "~/domain/organisations/kinds";
import { requireUser } from "~/utils/session.server";
import { Pagination } from "~/components/ui/pagination";
import { pageParam } from "~/domain/dashboards/filters";

export const meta: MetaFunction = () => [{ title: "Start — Akkoord" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = pageParam(new URL(request.url).searchParams);
  const [{ items, total }, teaser, invitations] = await Promise.all([
    listAgreementsForUser({ user, take: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE }),
    loadDashboardTeaser({ user }),
    listPendingInvitations({ user }),
  ]);
  return {
    text: startPageText(user.memberships.map((m) => m.role)),
    memberships: user.memberships.map((m) => ({
      organisation: m.organisationName,
      role: ROLE_LABELS[m.role] ?? m.role,
    })),
    canCreate: membershipsAllow(user.memberships, "agreement:create"),
    canOnboard: membershipsAllow(user.memberships, "organisation:partner-schools"),
    canManageMembers: membershipsAllow(user.memberships, "organisation:manage-members"),
    teaser,
    invitations: invitations.map((i) => ({ id: i.id, agreementId: i.agreement.id, title: i.agreement.title, organisation: i.organisation.name })),
    agreements: items.map((a) => ({
      id: a.id,
      title: a.title,
      type: documentTypeLabel(a.documentType),
      schoolYear: a.schoolYear,
      status: a.status,
      parties: a.parties.map((p) => p.organisation.name).join(" × "),
    })),
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
  };
}

export default function StartPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{data.text.heading}</h1>
      <p className="lead">{data.text.intro}</p>
      <p className="meta">
        U werkt voor:{" "}
        {data.memberships.map((m, i) => (
          <span key={`${m.organisation}-${m.role}`}>
            {i > 0 ? "; " : ""}
            {m.organisation} ({m.role})
          </span>
        ))}
      </p>
      {data.canCreate || data.canOnboard || data.canManageMembers ? (
        <p className="actions">
          {data.canCreate ? (
            <Link to="/overeenkomsten/nieuw" className="button">
              Nieuwe overeenkomst
            </Link>
          ) : null}
          {data.canOnboard ? (
            <Link to="/scholen" className="button button--secondary">
              Scholen
            </Link>
          ) : null}
          {data.canManageMembers ? (
            <Link to="/mensen" className="button button--secondary">
              Mensen
            </Link>
          ) : null}
        </p>
      ) : null}
      {data.invitations.length > 0 ? (
        <section className="card alert alert--info" aria-labelledby="uitnodigingen">
          <h2 id="uitnodigingen" style={{ marginTop: 0 }}>
            Uitnodigingen om partij te worden ({data.invitations.length})
          </h2>
          <p>Uw organisatie is pas partij nadat u of een collega de uitnodiging aanvaardt op de pagina van de overeenkomst.</p>
          <ul>
            {data.invitations.map((i) => (
              <li key={i.id}>
                <Link to={`/overeenkomsten/${i.agreementId}`}>{i.title}</Link> — voor {i.organisation}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.teaser ? <DashboardTeaser title={data.teaser.title} items={data.teaser.items} /> : null}
      <h2>Overeenkomsten ({data.total})</h2>
      {data.agreements.length === 0 ? (
        <p>Er zijn nog geen overeenkomsten voor uw organisatie.</p>
      ) : (
        <ul className="agreement-list">
          {data.agreements.map((a) => (
            <li key={a.id}>
              <Link to={`/overeenkomsten/${a.id}`}>{a.title}</Link> <StatusBadge status={a.status} />
              <p className="meta">
                {a.type} · schooljaar {a.schoolYear} · {a.parties}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} param="pagina" label="Paginering" />
    </>
  );
}
