import { Link } from "@remix-run/react";
import { COMMITMENT_STATUS_LABELS, COMMITMENT_STATUSES } from "~/domain/commitments/vocabulary";
import type { CoordinatorDashboard } from "~/domain/dashboards/coordinator-dashboard.server";
import { BULK_DOCUMENT_TYPE } from "~/domain/onboarding/bulk-values";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES } from "~/domain/onboarding/school-status";
import { EvaluationTable } from "./evaluation-table";
import { DashboardFilters } from "./filters";
import { formatDay } from "~/domain/calendar/brussels-format";
import { MonthlyChart } from "./monthly-chart";
import { ExportSection } from "./export-links";
import { Pagination } from "~/components/ui/pagination";
import { StartAgreementLink, type PartnerDashboardProps } from "./partner-schools";
import { PdfLink } from "./pdf-link";
import { DashboardStatusBadge } from "./status";
import { Summary } from "./summary";

type Props = { data: CoordinatorDashboard } & PartnerDashboardProps;

export function CoordinatorDashboardView({ data, action, schoolYears, filters, hidden }: Props) {
  return (
    <div className="stack">
      <p className="actions">
        <Link className="button" to="/scholen/nieuw">
          School toevoegen
        </Link>
        <Link className="button button--secondary" to="/scholen/versturen">
          Engagementsverklaring versturen
        </Link>
        <Link className="button button--secondary" to="/scholen">
          Alle scholen
        </Link>
      </p>
      <section aria-labelledby="scholen-titel">
        <h2 id="scholen-titel">
          Scholen van {data.service.name} — engagementsverklaring {filters.schoolYear}
        </h2>
        <Summary
          label="Aantal scholen per status"
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
          nets={data.nets}
          statuses={DASHBOARD_STATUSES.map((s) => ({ value: s, label: DASHBOARD_STATUS_LABELS[s] }))}
          value={filters}
          hidden={hidden}
        />
        {data.schools.total === 0 ? (
          <p>Geen scholen gevonden. Voeg een school toe of kies andere filters.</p>
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
                  <th scope="col">Status</th>
                  <th scope="col">Engagementsverklaring</th>
                </tr>
              </thead>
              <tbody>
                {data.schools.items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/scholen/${s.id}`}>{s.name}</Link>
                      {s.instellingsnummer ? <span className="meta"> · {s.instellingsnummer}</span> : null}
                    </td>
                    <td data-label="Gemeente">{s.municipality ?? ""}</td>
                    <td data-label="Status">
                      <DashboardStatusBadge status={s.status} />
                    </td>
                    <td data-label="Engagementsverklaring">
                      {s.agreement ? (
                        <>
                          <Link to={`/overeenkomsten/${s.agreement.id}`}>Openen</Link>
                          {s.status !== "concept" ? (
                            <>
                              {" · "}
                              <PdfLink agreementId={s.agreement.id} title={s.agreement.title} />
                            </>
                          ) : null}
                        </>
                      ) : data.canStart ? (
                        <StartAgreementLink label="Opstellen" documentType={BULK_DOCUMENT_TYPE} ownId={data.service.id} school={s} />
                      ) : (
                        <span className="meta">Nog geen</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={data.schools.page} pageCount={data.schools.pageCount} param={data.schools.param} label="Pagina's van de scholen" />
      </section>

      <section aria-labelledby="onder-titel">
        <h2 id="onder-titel">Langer dan 14 dagen niet ondertekend ({data.unsigned.total})</h2>
        {data.unsigned.total === 0 ? (
          <p>Niets: alles wat verstuurd is, werd binnen 14 dagen ondertekend of wacht nog geen 14 dagen.</p>
        ) : (
          <div className="table-wrap">
            <table className="cards">
              <thead>
                <tr>
                  <th scope="col">Overeenkomst</th>
                  <th scope="col">Verstuurd op</th>
                  <th scope="col">Wacht op</th>
                </tr>
              </thead>
              <tbody>
                {data.unsigned.items.map((u) => (
                  <tr key={u.agreementId}>
                    <td>
                      <Link to={`/overeenkomsten/${u.agreementId}`}>{u.title}</Link> <span className="meta">versie {u.versionNumber}</span>
                    </td>
                    <td data-label="Verstuurd op">{formatDay(u.sentOn)}</td>
                    <td data-label="Wacht op">{u.waitingFor.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          page={data.unsigned.page}
          pageCount={data.unsigned.pageCount}
          param={data.unsigned.param}
          label="Pagina's van de niet-ondertekende overeenkomsten"
        />
      </section>

      <section aria-labelledby="eval-titel">
        <h2 id="eval-titel">Evaluaties die achterstaan ({data.overdueEvaluations.total})</h2>
        <EvaluationTable evaluations={data.overdueEvaluations} dateLabel="Gepland op" empty="Geen evaluaties die achterstaan." />
      </section>

      <section aria-labelledby="afspraken-titel">
        <h2 id="afspraken-titel">Afspraken in ondertekende overeenkomsten</h2>
        <Summary
          label="Aantal afspraken per status"
          items={COMMITMENT_STATUSES.map((s) => ({ key: s, label: COMMITMENT_STATUS_LABELS[s], count: data.commitmentTotals[s] }))}
        />
      </section>

      <section aria-labelledby="grafiek-titel">
        <h2 id="grafiek-titel">Ondertekend per maand</h2>
        <MonthlyChart id="ondertekend" title={`Ondertekende overeenkomsten in schooljaar ${filters.schoolYear}`} months={data.signedPerMonth} />
      </section>

      <ExportSection id="export-titel" schoolYear={filters.schoolYear} />
    </div>
  );
}
