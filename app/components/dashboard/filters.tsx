import { Form } from "@remix-run/react";

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
        <div className="field">
          <label htmlFor="filter-gemeente">Gemeente</label>
          <select id="filter-gemeente" name="gemeente" defaultValue={props.value.municipality ?? ""}>
            <option value="">Alle gemeenten</option>
            {props.municipalities.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="filter-status">{props.statusLabel ?? "Status"}</label>
        <select id="filter-status" name="status" defaultValue={props.value.status ?? ""}>
          <option value="">Alle</option>
          {props.statuses.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        Toon
      </button>
    </Form>
  );
}
