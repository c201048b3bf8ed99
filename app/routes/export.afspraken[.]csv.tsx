import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportCommitmentsCsv } from "~/domain/exports/exports.server";
import { csvResponse, exportFilters } from "~/domain/exports/http.server";
import { env } from "~/utils/env.server";
import { orRespond } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

// GET /export/afspraken.csv?schooljaar=2026-2027: the commitments of the user's agreements.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = exportFilters(new URL(request.url).searchParams);
  const { csv } = await orRespond(exportCommitmentsCsv({ user, filters, publicUrl: env().PUBLIC_URL.replace(/\/+$/, "") }));
  return csvResponse(csv, "afspraken");
}
