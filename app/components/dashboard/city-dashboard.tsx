import type { CityDashboard } from "~/domain/dashboards/city-dashboard.server";
import { ExportSection } from "./export-links";
import { PartnerSchoolsTable, type PartnerDashboardProps } from "./partner-schools";

type Props = { data: CityDashboard } & PartnerDashboardProps;

export function CityDashboardView({ data, ...view }: Props) {
  return (
    <div className="stack">
      <section aria-labelledby="stad-scholen-titel">
        <h2 id="stad-scholen-titel">
          Scholen van {data.city.name} — samenwerkingsovereenkomst {data.schoolYear}
        </h2>
        <PartnerSchoolsTable
          partners={data.cities}
          switcher={{
            rol: "stad",
            param: "bestuur",
            label: "Kies een lokaal bestuur",
          }}
          noun="Samenwerkingsovereenkomst"
          startLabel="Overeenkomst opstellen"
          partnerId={data.city.id}
          data={data}
          {...view}
          empty="Geen scholen gevonden. Voeg uw scholen toe onder Onze scholen, of kies andere filters."
        />
      </section>
      <ExportSection id="stad-export-titel" schoolYear={view.filters.schoolYear} />
    </div>
  );
}
