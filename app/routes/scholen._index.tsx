import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { Pagination } from "~/components/ui/pagination";
import { DashboardStatusBadge } from "~/components/dashboard/status";
import { listServiceSchoolStatuses } from "~/domain/dashboards/coordinator-dashboard.server";
import { pageParam, paginate, parseFilters, schoolYearOptions } from "~/domain/dashboards/filters";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES } from "~/domain/dashboards/status";
import { requireService } from "~/domain/onboarding/service-schools.server";
import { schoolYearOf } from "~/domain/calendar";
import { brusselsDate } from "~/domain/reminders/brussels-time";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction = () => [{ title: "Scholen — Akkoord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const service = await orRespond(Promise.resolve().then(() => requireService(user)));
  const params = new URL(request.url).searchParams;
  const today = brusselsDate(new Date());
  const filters = parseFilters(params, today);
  const search = (params.get("zoek") ?? "").trim().slice(0, 100);
  const all = await listServiceSchoolStatuses({ serviceId: service.id, schoolYear: filters.schoolYear, currentSchoolYear: schoolYearOf(today) });
  const municipalities = [...new Set(all.map((s) => s.municipality).filter((m): m is string => Boolean(m)))].sort((a, b) => a.localeCompare(b, "nl-BE"));
  const needle = search.toLocaleLowerCase("nl-BE");
  const shown = all.filter(
    (s) =>
      (!filters.municipality || s.municipality === filters.municipality) &&
      (!filters.status || s.status === filters.status) &&
      (!needle || s.name.toLocaleLowerCase("nl-BE").includes(needle) || (s.instellingsnummer ?? "").includes(needle))
  );
  const imported = Number(params.get("geimporteerd") ?? "0");
  return {
    service,
    schools: paginate(shown, pageParam(params), "pagina"),
    totalAll: all.length,
    municipalities,
    schoolYears: schoolYearOptions(today),
    filters,
    search,
    imported: Number.isInteger(imported) && imported > 0 ? imported : 0,
  };
}

export default function Schools() {
  const { service, schools, totalAll, municipalities, schoolYears, filters, search, imported } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Scholen van {service.name}</h1>
      <p className="lead">De scholen waarmee uw brugfigurenwerking samenwerkt, met hun engagementsverklaring voor {filters.schoolYear}.</p>
      {imported ? (
        <div className="alert alert--ok" role="status">
          {imported} {imported === 1 ? "school" : "scholen"} geïmporteerd.
        </div>
      ) : null}
      <p className="actions">
        <Link className="button" to="/scholen/nieuw">
          School toevoegen
        </Link>
        <Link className="button button--secondary" to="/scholen/importeren">
          Scholen importeren (CSV)
        </Link>
        <Link className="button button--secondary" to="/scholen/versturen">
          Engagementsverklaring versturen
        </Link>
      </p>
      <Form method="get" className="filters" aria-label="Zoeken en filteren">
        <div className="field">
          <label htmlFor="zoek">Naam of instellingsnummer</label>
          <input id="zoek" name="zoek" type="search" defaultValue={search} />
        </div>
        <div className="field">
          <label htmlFor="schooljaar">Schooljaar</label>
          <select id="schooljaar" name="schooljaar" defaultValue={filters.schoolYear}>
            {schoolYears.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="gemeente">Gemeente</label>
          <select id="gemeente" name="gemeente" defaultValue={filters.municipality ?? ""}>
            <option value="">Alle gemeenten</option>
            {municipalities.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">Engagementsverklaring</label>
          <select id="status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">Alle</option>
            {DASHBOARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {DASHBOARD_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Zoeken
        </button>
      </Form>
      {totalAll === 0 ? (
        <p>U hebt nog geen scholen. Voeg een school toe met haar instellingsnummer, of importeer een lijst.</p>
      ) : schools.total === 0 ? (
        <p>Geen scholen gevonden voor deze zoekopdracht.</p>
      ) : (
        <div className="table-wrap">
          <table className="cards">
            <caption>
              {schools.total} van {totalAll} scholen
            </caption>
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">Instellingsnummer</th>
                <th scope="col">Gemeente</th>
                <th scope="col">Intake</th>
                <th scope="col">Engagementsverklaring {filters.schoolYear}</th>
              </tr>
            </thead>
            <tbody>
              {schools.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/scholen/${s.id}`}>{s.name}</Link>
                  </td>
                  <td data-label="Instellingsnummer">{s.instellingsnummer ?? ""}</td>
                  <td data-label="Gemeente">{s.municipality ?? ""}</td>
                  <td data-label="Intake">{s.hasIntake ? "Ingevuld" : <Link to={`/scholen/${s.id}/intake`}>Nog invullen</Link>}</td>
                  <td data-label={`Engagementsverklaring ${filters.schoolYear}`}>
                    <DashboardStatusBadge status={s.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={schools.page} pageCount={schools.pageCount} param={schools.param} label="Pagina's van de scholen" />
    </>
  );
}
