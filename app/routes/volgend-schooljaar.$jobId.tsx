import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import dashboardCss from "~/components/dashboard/dashboard.css?url";
import { JobProgress, refreshWhileRunning } from "~/components/jobs/job-progress";
import { jobPage } from "~/domain/jobs/job-page";
import { getRenewalJob } from "~/domain/renewal/bulk-renew.server";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];

// While the job runs the page reloads itself every 2 seconds (no JavaScript needed).
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Vernieuwen: ${data.job.done} van ${data.job.total} — Akkoord` : "Vernieuwen — Akkoord" },
  ...refreshWhileRunning(data?.job),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await orRespond(getRenewalJob({ user, jobId: params.jobId ?? "" }));
  return jobPage(job, new URL(request.url).searchParams);
}

export default function RenewalProgress() {
  const { job, results } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to="/volgend-schooljaar">← Volgend schooljaar</Link>
      </p>
      <h1>Vernieuwen voor {job.schoolYear}</h1>
      <p className="lead">{job.ownerName}</p>
      <JobProgress
        job={job}
        results={results}
        okWord="vernieuwd"
        okLabel="Vernieuwd"
        failedLabel="Niet vernieuwd"
        allOk={`Alle gekozen scholen hebben een overeenkomst voor ${job.schoolYear}.`}
        interrupted={
          <>
            Het vernieuwen werd onderbroken (de server startte opnieuw). De scholen hieronder zijn verwerkt; kies de andere opnieuw op{" "}
            <Link to="/volgend-schooljaar">Volgend schooljaar</Link>.
          </>
        }
      />
    </>
  );
}
