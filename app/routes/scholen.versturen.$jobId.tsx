import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { JobProgress, refreshWhileRunning } from "~/components/jobs/job-progress";
import { getBulkJob } from "~/domain/onboarding/bulk-send.server";
import { jobPage } from "~/domain/jobs/job-page";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];

// While the job runs the page reloads itself every 2 seconds (no JavaScript needed).
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Versturen: ${data.job.done} van ${data.job.total} — Akkoord` : "Versturen — Akkoord" },
  ...refreshWhileRunning(data?.job),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await orRespond(getBulkJob({ user, jobId: params.jobId ?? "" }));
  return jobPage(job, new URL(request.url).searchParams);
}

export default function BulkProgress() {
  const { job, results } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to="/scholen">← Scholen</Link>
      </p>
      <h1>Engagementsverklaring versturen</h1>
      <p className="lead">
        {job.serviceName} · schooljaar {job.schoolYear}
      </p>
      <JobProgress
        job={job}
        results={results}
        okWord="verstuurd"
        okLabel="Verstuurd"
        failedLabel="Niet verstuurd"
        allOk="Alle scholen kregen hun engagementsverklaring."
        interrupted={
          <>
            Het versturen werd onderbroken (de server startte opnieuw). De scholen hieronder zijn verwerkt; kies de andere opnieuw op{" "}
            <Link to="/scholen/versturen">Engagementsverklaring versturen</Link>.
          </>
        }
      />
    </>
  );
}
