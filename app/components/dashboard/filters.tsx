import { Form } from "@remix-run/react";
import { EDUCATION_LEVEL_LABELS, EDUCATION_LEVELS } from "~/domain/templates/schema";

/** One select of a GET filter form; `all` is the empty choice ("Alle"), left out when not given. */
export function FilterSelect(props: { id: string; name: string; label: string; value: string; options: Array<{ value: string; label: string }>; all?: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value}>
        {props.all !== undefined ? <option value="">{props.all}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const asOptions = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/** The filters of a dashboard as a GET form: it works without JavaScript and the URL can be shared. */
export function DashboardFilters(props: {
  action: string;
  schoolYears: string[];
  municipalities?: string[];
  statuses: Array<{ value: string; label: string }>;
  statusLabel?: string;
  /** Show the onderwijsniveau and onderwijsnet filters (the nets found among the schools). */
  nets?: string[];
  value: { schoolYear: string; municipality: string | null; status: string | null; level?: string | null; net?: string | null };
  hidden?: Record<string, string>;
}) {
  return (
    <Form method="get" action={props.action} className="filters" aria-label="Filters">
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="field">
        <label htmlFor="filter-schooljaar">Schooljaar</label>
        <select id="filter-schooljaar" name="schooljaar" defaultValue={props.value.schoolYear}>
          {props.schoolYears.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      {props.municipalities ? (
        <FilterSelect
          id="filter-gemeente"
          name="gemeente"
          label="Gemeente"
          value={props.value.municipality ?? ""}
          options={asOptions(props.municipalities)}
          all="Alle gemeenten"
        />
      ) : null}
      {props.nets ? (
        <>
          <FilterSelect
            id="filter-niveau"
            name="niveau"
            label="Onderwijsniveau"
            value={props.value.level ?? ""}
            options={EDUCATION_LEVELS.map((l) => ({ value: l, label: EDUCATION_LEVEL_LABELS[l] }))}
            all="Alle niveaus"
          />
          <FilterSelect id="filter-net" name="net" label="Onderwijsnet" value={props.value.net ?? ""} options={asOptions(props.nets)} all="Alle netten" />
        </>
      ) : null}
      <FilterSelect id="filter-status" name="status" label={props.statusLabel ?? "Status"} value={props.value.status ?? ""} options={props.statuses} all="Alle" />
      <button type="submit" className="button button--secondary">
        Toon
      </button>
    </Form>
  );
}
