import { Link } from "@remix-run/react";
import { StatusBadge } from "~/components/status-badge";
import { agreementStatusLabel } from "~/domain/agreements/status";
import { COMMITMENT_STATUS_LABELS, type CommitmentStatus } from "~/domain/commitments/vocabulary";
import type { SchoolDashboard } from "~/domain/dashboards/school-dashboard.server";
import { DashboardFilters } from "./filters";
import { formatDay } from "~/domain/calendar/brussels-format";
import { ExportSection } from "./export-links";
import { Pagination } from "~/components/ui/pagination";
import { PdfLink } from "./pdf-link";

type Props = {
  data: SchoolDashboard;
  action: string;
  schoolYears: string[];
  statuses: readonly string[];
  documentTypeLabels: Record<string, string>;
  filters: { schoolYear: string; municipality: string | null; status: string | null };
  hidden?: Record<string, string>;
};

export function SchoolDashboardView({ data, action, schoolYears, statuses, documentTypeLabels, filters, hidden }: Props) {
  return (
    <div className="stack">
      <section aria-labelledby="wacht-titel">
        <h2 id="wacht-titel">Wacht op uw handtekening ({data.awaitingSignature.total})</h2>
        {data.awaitingSignature.total === 0 ? (
          <p>Er wacht niets op uw handtekening.</p>
        ) : (
          <>
            <p className="meta">U kreeg voor elk document een e-mail met een persoonlijke link om te ondertekenen.</p>
            <ul className="agreement-list">
              {data.awaitingSignature.items.map((r) => (
                <li key={r.requestId}>
                  <Link to={`/overeenkomsten/${r.agreementId}`}>{r.title}</Link> <span className="meta">versie {r.versionNumber}</span>
                  <p className="meta">
                    Als {r.functionTitle} · de link werkt tot {formatDay(r.expiresAt)}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
        <Pagination
          page={data.awaitingSignature.page}
          pageCount={data.awaitingSignature.pageCount}
          param={data.awaitingSignature.param}
          label="Pagina's van wat op uw handtekening wacht"
        />
      </section>

      <section aria-labelledby="over-tijd-titel">
        <h2 id="over-tijd-titel">Afspraken over tijd ({data.commitmentsOverdue.total})</h2>
        {data.commitmentsOverdue.total === 0 ? (
          <p>Geen afspraken over tijd.</p>
        ) : (
          <CommitmentTable items={data.commitmentsOverdue.items} caption="Afspraken waarvan de datum voorbij is en die nog niet afgerond zijn" />
        )}
        <Pagination
          page={data.commitmentsOverdue.page}
          pageCount={data.commitmentsOverdue.pageCount}
          param={data.commitmentsOverdue.param}
          label="Pagina's van de afspraken over tijd"
        />
      </section>

      <section aria-labelledby="deze-maand-titel">
        <h2 id="deze-maand-titel">
          Afspraken van uw school tegen {formatDay(data.upcoming.to)} ({data.commitmentsDue.total})
        </h2>
        {data.commitmentsDue.total === 0 ? (
          <p>Tot dan staan er geen afspraken open.</p>
        ) : (
          <CommitmentTable items={data.commitmentsDue.items} caption={`Afspraken die tegen ${formatDay(data.upcoming.to)} klaar moeten zijn`} />
        )}
        <Pagination
          page={data.commitmentsDue.page}
          pageCount={data.commitmentsDue.pageCount}
          param={data.commitmentsDue.param}
          label="Pagina's van de afspraken"
        />
      </section>

      <section aria-labelledby="school-overeenkomsten-titel">
        <h2 id="school-overeenkomsten-titel">Overeenkomsten van {data.schools.map((s) => s.name).join(" en ")}</h2>
        <DashboardFilters
          action={action}
          schoolYears={schoolYears}
          statuses={statuses.map((s) => ({ value: s, label: agreementStatusLabel(s) }))}
          value={filters}
          hidden={hidden}
        />
        {data.agreements.total === 0 ? (
          <p>Geen overeenkomsten voor deze filters.</p>
        ) : (
          <ul className="agreement-list">
            {data.agreements.items.map((a) => (
              <li key={a.id}>
                <Link to={`/overeenkomsten/${a.id}`}>{a.title}</Link> <StatusBadge status={a.status} />
                {a.status !== "concept" ? (
                  <>
                    {" · "}
                    <PdfLink agreementId={a.id} title={a.title} />
                  </>
                ) : null}
                <p className="meta">
                  {documentTypeLabels[a.documentType] ?? a.documentType} · schooljaar {a.schoolYear}
                  {a.yearCount > 1 ? ` (${a.yearCount} jaar)` : ""} · {a.parties}
                </p>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={data.agreements.page} pageCount={data.agreements.pageCount} param={data.agreements.param} label="Pagina's van de overeenkomsten" />
      </section>

      <ExportSection id="school-export-titel" schoolYear={filters.schoolYear} />
    </div>
  );
}

function CommitmentTable({ items, caption }: { items: SchoolDashboard["commitmentsDue"]["items"]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="cards">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Tegen</th>
            <th scope="col">Afspraak</th>
            <th scope="col">Wie</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td data-label="Tegen">{formatDay(c.dueDate)}</td>
              <td data-label="Afspraak">
                {c.what}
                <br />
                <Link to={`/overeenkomsten/${c.agreementId}/afspraken`} className="meta">
                  {c.title}
                </Link>
              </td>
              <td data-label="Wie">{c.bearer ?? ""}</td>
              <td data-label="Status">{COMMITMENT_STATUS_LABELS[c.status as CommitmentStatus] ?? c.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
