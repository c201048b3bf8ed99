import { Form } from "@remix-run/react";

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
  value: { schoolYear: string; municipality: string | null; status: string | null };
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
      <FilterSelect id="filter-status" name="status" label={props.statusLabel ?? "Status"} value={props.value.status ?? ""} options={props.statuses} all="Alle" />
      <button type="submit" className="button button--secondary">
        Toon
      </button>
    </Form>
  );
}
