import type { ClbDashboard } from "~/domain/dashboards/clb-dashboard.server";
import { EvaluationTable } from "./evaluation-table";
import { ExportSection } from "./export-links";
import { PartnerSchoolsTable, type PartnerDashboardProps } from "./partner-schools";

type Props = { data: ClbDashboard } & PartnerDashboardProps;

export function ClbDashboardView({ data, ...view }: Props) {
  return (
    <div className="stack">
      <section aria-labelledby="clb-scholen-titel">
        <h2 id="clb-scholen-titel">
          Afsprakennota's van {data.clb.name} — {data.schoolYear}
        </h2>
        <PartnerSchoolsTable
          partners={data.clbs}
          switcher={{ rol: "clb", param: "clb", label: "Kies een CLB" }}
          noun="Afsprakennota"
          startLabel="Nota opstellen"
          partnerId={data.clb.id}
          data={data}
          {...view}
          empty="Geen scholen gevonden. Voeg uw scholen toe onder Onze scholen, of kies andere filters."
        />
      </section>

      <section aria-labelledby="clb-eval-titel">
        <h2 id="clb-eval-titel">Evaluaties die eraan komen ({data.upcomingEvaluations.total})</h2>
        <EvaluationTable evaluations={data.upcomingEvaluations} dateLabel="Datum" empty="Geen geplande evaluaties." />
      </section>

      <ExportSection id="clb-export-titel" schoolYear={view.filters.schoolYear} />
    </div>
  );
}
