import { Link } from "@remix-run/react";
import type { Page } from "~/domain/dashboards/filters";
import { formatDay } from "~/domain/calendar/brussels-format";
import { Pagination } from "~/components/ui/pagination";

export type EvaluationRow = { id: string; date: string; label: string; agreementId: string; school: string };

/** A page of evaluation moments (date, evaluation, school) with its pagination, or `empty` when there are none. */
export function EvaluationTable(props: { evaluations: Page<EvaluationRow>; dateLabel: string; empty: string }) {
  const { evaluations } = props;
  return (
    <>
      {evaluations.total === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="cards">
            <thead>
              <tr>
                <th scope="col">{props.dateLabel}</th>
                <th scope="col">Evaluatie</th>
                <th scope="col">School</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.items.map((e) => (
                <tr key={e.id}>
                  <td data-label={props.dateLabel}>{formatDay(e.date)}</td>
                  <td data-label="Evaluatie">
                    <Link to={`/overeenkomsten/${e.agreementId}`}>{e.label}</Link>
                  </td>
                  <td data-label="School">{e.school}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={evaluations.page} pageCount={evaluations.pageCount} param={evaluations.param} label="Pagina's van de evaluaties" />
    </>
  );
}
