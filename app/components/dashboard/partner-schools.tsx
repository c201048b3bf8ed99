import { Link } from "@remix-run/react";
import type { PartnerSchoolsSection } from "~/domain/dashboards/partner-schools-section";
import type { SchoolStatusRow } from "~/domain/onboarding/partner-school-statuses.server";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES, type DashboardStatus } from "~/domain/onboarding/school-status";
import { Pagination } from "~/components/ui/pagination";
import { DashboardFilters } from "./filters";
import { DashboardStatusBadge } from "./status";
import { Summary } from "./summary";

/** The new-agreement form with the partner, the school and the document type chosen. */
export function startAgreementHref(options: { documentType: string; ownId: string; schoolId: string }): string {
  const params = new URLSearchParams({ soort: options.documentType, eigen: options.ownId, partij: options.schoolId });
  return `/overeenkomsten/nieuw?${params.toString()}`;
}

/** "Nota opstellen" for one school: the new-agreement form with everything chosen. */
export function StartAgreementLink(props: { label: string; documentType: string; ownId: string; school: { id: string; name: string } }) {
  return (
    <Link
      className="button button--secondary"
      to={startAgreementHref({ documentType: props.documentType, ownId: props.ownId, schoolId: props.school.id })}
      aria-label={`${props.label} voor ${props.school.name}`}
    >
      {props.label}
    </Link>
  );
}

/** Statuses without a running agreement: the school can get a new one. */
const STARTABLE: readonly DashboardStatus[] = ["geen", "verlopen"];

type Props = {
  /** The user's partners of this kind, switched with `?rol=…&<param>=id` when several. */
  partners: Array<{ id: string; name: string }>;
  switcher: { rol: string; param: string; label: string };
  /** "afsprakennota", … as a word in a sentence. */
  noun: string;
  startLabel: string;
  partnerId: string;
  data: PartnerSchoolsSection & { schoolYear: string; nextSchoolYear?: string; canStart: boolean; documentType: string };
  empty: string;
} & PartnerDashboardProps;

/** What /overzicht passes to every partner dashboard view. */
export type PartnerDashboardProps = {
  action: string;
  schoolYears: string[];
  filters: { schoolYear: string; municipality: string | null; status: string | null; level?: string | null; net?: string | null };
  hidden?: Record<string, string>;
};

type YearColumn = [year: string, cell: (s: SchoolStatusRow) => { status: DashboardStatus; agreementId: string | null }];

/** Every school of a partner × its status, with counts, GET filters and a button to start an agreement. */
export function PartnerSchoolsTable(props: Props) {
  const { data } = props;
  const years: YearColumn[] = [[data.schoolYear, (s) => ({ status: s.status, agreementId: s.agreement?.id ?? null })]];
  if (data.nextSchoolYear) years.push([data.nextSchoolYear, (s) => s.nextYear]);
  return (
    <>
      {props.partners.length > 1 ? (
        <nav className="toolbar" aria-label={props.switcher.label}>
          {props.partners.map((c) => (
            <Link
              key={c.id}
              to={`?rol=${props.switcher.rol}&${props.switcher.param}=${c.id}`}
              className={`button ${c.id === props.partnerId ? "" : "button--secondary"}`}
              aria-current={c.id === props.partnerId ? "page" : undefined}
            >
              {c.name}
            </Link>
          ))}
        </nav>
      ) : null}
      <p className="actions">
        <Link className="button button--secondary" to="/scholen">
          Onze scholen
        </Link>
      </p>
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
        action={props.action}
        schoolYears={props.schoolYears}
        municipalities={data.municipalities}
        nets={data.nets}
        statuses={DASHBOARD_STATUSES.map((s) => ({
          value: s,
          label: DASHBOARD_STATUS_LABELS[s],
        }))}
        statusLabel={`Status in ${data.schoolYear}`}
        value={props.filters}
        hidden={props.hidden}
      />
      {data.schools.total === 0 ? (
        <p>{props.empty}</p>
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
                <th scope="col">Niveau en net</th>
                {years.map(([year]) => (
                  <th key={year} scope="col">
                    {year}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.schools.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.name}
                    {s.instellingsnummer ? <span className="meta"> · {s.instellingsnummer}</span> : null}
                  </td>
                  <td data-label="Gemeente">{s.municipality ?? ""}</td>
                  <td data-label="Niveau en net">{[s.educationLevel, s.onderwijsnet].filter(Boolean).join(" · ")}</td>
                  {years.map(([year, of], i) => {
                    const y = of(s);
                    return (
                      <td key={year} data-label={year}>
                        <DashboardStatusBadge status={y.status} />
                        {y.agreementId ? (
                          <>
                            {" "}
                            <Link to={`/overeenkomsten/${y.agreementId}`} aria-label={`${props.noun} van ${s.name} openen`}>
                              Openen
                            </Link>
                          </>
                        ) : null}
                        {i === 0 && data.canStart && STARTABLE.includes(y.status) ? (
                          <>
                            {" "}
                            <StartAgreementLink label={props.startLabel} documentType={data.documentType} ownId={props.partnerId} school={s} />
                          </>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.schools.page} pageCount={data.schools.pageCount} param={data.schools.param} label="Pagina's van de scholen" />
    </>
  );
}
