import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CityDashboardView } from "~/components/dashboard/city-dashboard";
import { ClbDashboardView } from "~/components/dashboard/clb-dashboard";
import { CoordinatorDashboardView } from "~/components/dashboard/coordinator-dashboard";
import { MissingContacts } from "~/components/dashboard/missing-contacts";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { SchoolDashboardView } from "~/components/dashboard/school-dashboard";
import { documentTypeOptions } from "~/domain/templates/document-types.server";
import { DASHBOARD_KIND_LABELS } from "~/domain/dashboards/kinds";
import { loadDashboardPage } from "~/domain/dashboards/load-dashboard.server";
import { SCHOOL_AGREEMENT_STATUSES } from "~/domain/onboarding/school-status";
import { orRespond } from "~/utils/http.server";
import { pageCacheHeaders } from "~/utils/page-cache.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction = () => [{ title: "Overzicht — Akkoord" }];
// The overview is kept per user until the next write (app/utils/page-cache.server.ts).
export const headers = pageCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const page = await orRespond(loadDashboardPage({ user, params }));
  return {
    ...page,
    rol: params.get("rol"),
    documentTypeLabels: Object.fromEntries(documentTypeOptions().map((t) => [t.id, t.label])),
  };
}

export default function Overview() {
  const { kinds, dashboard, filters, schoolYears, rol, documentTypeLabels, withoutContact } = useLoaderData<typeof loader>();
  const hidden: Record<string, string> = rol && dashboard ? { rol: dashboard.kind } : {};
  return (
    <>
      <h1>Overzicht</h1>
      {kinds.length > 1 ? (
        <nav className="toolbar" aria-label="Kies een overzicht">
          {kinds.map((k) => (
            <Link
              key={k}
              to={`?rol=${k}`}
              className={`button ${dashboard?.kind === k ? "" : "button--secondary"}`}
              aria-current={dashboard?.kind === k ? "page" : undefined}
            >
              {DASHBOARD_KIND_LABELS[k]}
            </Link>
          ))}
        </nav>
      ) : null}
      {!dashboard ? (
        <p>
          Voor uw rol is er geen overzicht. Op de <Link to="/">startpagina</Link> staan de overeenkomsten van uw organisatie.
        </p>
      ) : dashboard.kind === "dienst" ? (
        <CoordinatorDashboardView data={dashboard.data} action="/overzicht" schoolYears={schoolYears} filters={filters} hidden={hidden} />
      ) : dashboard.kind === "clb" ? (
        <ClbDashboardView data={dashboard.data} action="/overzicht" schoolYears={schoolYears} filters={filters} hidden={hidden} />
      ) : dashboard.kind === "stad" ? (
        <CityDashboardView data={dashboard.data} action="/overzicht" schoolYears={schoolYears} filters={filters} hidden={hidden} />
      ) : (
        <SchoolDashboardView
          data={dashboard.data}
          action="/overzicht"
          schoolYears={schoolYears}
          statuses={SCHOOL_AGREEMENT_STATUSES}
          documentTypeLabels={documentTypeLabels}
          filters={filters}
          hidden={hidden}
        />
      )}
      <MissingContacts data={withoutContact} />
    </>
  );
}
