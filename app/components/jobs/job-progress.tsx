import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Pagination } from "~/components/ui/pagination";

// The page of a school job (bulk send, bulk renewal): progress, then the result
// per school, problems first. While the job runs the route's meta refreshes the
// page (no JavaScript needed); a link does the same by hand.

type JobSummary = { total: number; done: number; okCount: number; failedCount: number; state: "bezig" | "klaar" | "onderbroken" };
type JobResult = { schoolId: string; schoolName: string; ok: boolean; message: string; agreementId: string | null };
type ResultPage = { items: JobResult[]; page: number; pageCount: number; param: string; total: number };

/** A meta refresh every 2 seconds while the job runs. */
export function refreshWhileRunning(job: { state: string } | undefined) {
  return job?.state === "bezig" ? [{ httpEquiv: "refresh", content: "2" } as const] : [];
}

export function JobProgress(props: {
  job: JobSummary;
  results: ResultPage;
  /** "verstuurd", "vernieuwd" */
  okWord: string;
  okLabel: string;
  failedLabel: string;
  allOk: string;
  /** What to say when the server restarted during the job. */
  interrupted: ReactNode;
}) {
  const { job, results } = props;
  const location = useLocation();
  const percent = job.total ? Math.round((job.done / job.total) * 100) : 100;
  return (
    <>
      <div role="status" aria-live="polite" className="card">
        <p style={{ marginTop: 0 }}>
          <strong>
            {job.done} van {job.total}
          </strong>{" "}
          {job.state === "bezig" ? "scholen verwerkt…" : "scholen verwerkt."} {job.okCount} {props.okWord}
          {job.failedCount ? `, ${job.failedCount} met een probleem` : ""}.
        </p>
        <progress className="progress" max={job.total} value={job.done} aria-label="Voortgang">
          {percent}%
        </progress>
        {job.state === "bezig" ? (
          <p className="meta">
            Deze pagina ververst zichzelf.{" "}
            <Link to={`${location.pathname}${location.search}`} reloadDocument>
              Vernieuwen
            </Link>
          </p>
        ) : job.state === "onderbroken" ? (
          <p className="alert alert--error">{props.interrupted}</p>
        ) : (
          <p className="alert alert--ok" style={{ marginBottom: 0 }}>
            Klaar. {job.failedCount ? "Bekijk hieronder wat niet lukte." : props.allOk}
          </p>
        )}
      </div>
      {results.total > 0 ? (
        <section aria-labelledby="resultaat-titel">
          <h2 id="resultaat-titel">Resultaat per school</h2>
          <div className="table-wrap">
            <table className="cards">
              <thead>
                <tr>
                  <th scope="col">School</th>
                  <th scope="col">Resultaat</th>
                  <th scope="col">Uitleg</th>
                </tr>
              </thead>
              <tbody>
                {results.items.map((r) => (
                  <tr key={r.schoolId}>
                    <td>{r.schoolName}</td>
                    <td data-label="Resultaat">{r.ok ? <span className="result-ok">{props.okLabel}</span> : <span className="result-error">{props.failedLabel}</span>}</td>
                    <td data-label="Uitleg">
                      {r.message}
                      {r.agreementId ? (
                        <>
                          {" "}
                          <Link to={`/overeenkomsten/${r.agreementId}`}>Overeenkomst openen</Link>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={results.page} pageCount={results.pageCount} param={results.param} label="Pagina's van het resultaat" />
        </section>
      ) : null}
    </>
  );
}
