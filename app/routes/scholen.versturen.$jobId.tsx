import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { Pagination } from "~/components/ui/pagination";
import { pageParam, paginate } from "~/domain/dashboards/filters";
import { getBulkJob } from "~/domain/onboarding/bulk-send.server";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];

// While the job runs the page reloads itself every 2 seconds (no JavaScript needed).
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Versturen: ${data.job.done} van ${data.job.total} — Akkoord` : "Versturen — Akkoord" },
  ...(data?.job.state === "bezig" ? [{ httpEquiv: "refresh", content: "2" } as const] : []),
];

const RESULTS_PER_PAGE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await orRespond(getBulkJob({ user, jobId: params.jobId ?? "" }));
  // Problems first, then the schools that went well, in the order they were handled.
  const ordered = [...job.results.filter((r) => !r.ok), ...job.results.filter((r) => r.ok)];
  const { results: _all, ...summary } = job;
  return {
    job: summary,
    results: paginate(ordered, pageParam(new URL(request.url).searchParams), "pagina", RESULTS_PER_PAGE),
  };
}

export default function BulkProgress() {
  const { job, results } = useLoaderData<typeof loader>();
  const location = useLocation();
  const percent = job.total ? Math.round((job.done / job.total) * 100) : 100;
  return (
    <>
      <p className="meta">
        <Link to="/scholen">← Scholen</Link>
      </p>
      <h1>Engagementsverklaring versturen</h1>
      <p className="lead">
        {job.serviceName} · schooljaar {job.schoolYear}
      </p>
      <div role="status" aria-live="polite" className="card">
        <p style={{ marginTop: 0 }}>
          <strong>
            {job.done} van {job.total}
          </strong>{" "}
          {job.state === "bezig" ? "scholen verwerkt…" : "scholen verwerkt."} {job.okCount} verstuurd
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
          <p className="alert alert--error">
            Het versturen werd onderbroken (de server startte opnieuw). De scholen hieronder zijn verwerkt; kies de andere opnieuw op{" "}
            <Link to="/scholen/versturen">Engagementsverklaring versturen</Link>.
          </p>
        ) : (
          <p className="alert alert--ok" style={{ marginBottom: 0 }}>
            Klaar. {job.failedCount ? "Bekijk hieronder wat niet lukte." : "Alle scholen kregen hun engagementsverklaring."}
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
                    <td data-label="Resultaat">{r.ok ? <span className="result-ok">Verstuurd</span> : <span className="result-error">Niet verstuurd</span>}</td>
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
