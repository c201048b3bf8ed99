import { Link } from "@remix-run/react";
import type { ClbDashboard } from "~/domain/dashboards/clb-dashboard.server";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES } from "~/domain/dashboards/status";
import { EvaluationTable } from "./evaluation-table";
import { DashboardFilters } from "./filters";
import { ExportSection } from "./export-links";
import { Pagination } from "~/components/ui/pagination";
import { DashboardStatusBadge } from "./status";
import { Summary } from "./summary";

type Props = {
  data: ClbDashboard;
  action: string;
  schoolYears: string[];
  filters: { schoolYear: string; municipality: string | null; status: string | null };
  hidden?: Record<string, string>;
};

export function ClbDashboardView({ data, action, schoolYears, filters, hidden }: Props) {
  return (
    <div className="stack">
      <section aria-labelledby="clb-scholen-titel">
        <h2 id="clb-scholen-titel">
          Afsprakennota's van {data.clbs.map((c) => c.name).join(" en ")} — {data.schoolYear}
        </h2>
        <Summary
          label={`Aantal scholen per status in ${data.schoolYear}`}
          items={DASHBOARD_STATUSES.map((s) => ({
            key: s,
            label: DASHBOARD_STATUS_LABELS[s],
            count: data.statusTotals[s],
            filter: { param: "status", value: s },
          }))}
        />
        <DashboardFilters
          action={action}
          schoolYears={schoolYears}
          municipalities={data.municipalities}
          statuses={DASHBOARD_STATUSES.map((s) => ({ value: s, label: DASHBOARD_STATUS_LABELS[s] }))}
          statusLabel={`Status in ${data.schoolYear}`}
          value={filters}
          hidden={hidden}
        />
        {data.schools.total === 0 ? (
          <p>Geen scholen gevonden. Een school verschijnt hier zodra er een afsprakennota met haar is.</p>
        ) : (
          <div className="table-wrap">
            <table className="cards">
              <caption>
                {data.schools.total} {data.schools.total === 1 ? "school" : "scholen"}
              </caption>
              <thead>
                <tr>
                  <th scope="col">School</th>
                  <th scope="col">Gemeente</th>
                  <th scope="col">{data.schoolYear}</th>
                  <th scope="col">{data.nextSchoolYear}</th>
                </tr>
              </thead>
              <tbody>
                {data.schools.items.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td data-label="Gemeente">{s.municipality ?? ""}</td>
                    {[s.thisYear, s.nextYear].map((y, i) => (
                      <td key={i} data-label={i === 0 ? data.schoolYear : data.nextSchoolYear}>
                        <DashboardStatusBadge status={y.status} />
                        {y.agreementId ? (
                          <>
                            {" "}
                            <Link to={`/overeenkomsten/${y.agreementId}`} aria-label={`Afsprakennota van ${s.name} openen`}>
                              Openen
                            </Link>
                          </>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={data.schools.page} pageCount={data.schools.pageCount} param={data.schools.param} label="Pagina's van de scholen" />
      </section>

      <section aria-labelledby="clb-eval-titel">
        <h2 id="clb-eval-titel">Evaluaties die eraan komen ({data.upcomingEvaluations.total})</h2>
        <EvaluationTable evaluations={data.upcomingEvaluations} dateLabel="Datum" empty="Geen geplande evaluaties." />
      </section>

      <ExportSection id="clb-export-titel" schoolYear={filters.schoolYear} />
    </div>
  );
}
