// A school job's page, for its route loader. Pure.
import { pageParam, paginate } from "~/domain/dashboards/filters";
import type { SchoolJobResult } from "./school-jobs.server";

const RESULTS_PER_PAGE = 50;

/** The summary, and the results per page: problems first, then the schools that went well, in the order they were handled. */
export function jobPage<T extends { results: SchoolJobResult[] }>(job: T, searchParams: URLSearchParams) {
  const ordered = [...job.results.filter((r) => !r.ok), ...job.results.filter((r) => r.ok)];
  const { results: _all, ...summary } = job;
  return { job: summary, results: paginate(ordered, pageParam(searchParams), "pagina", RESULTS_PER_PAGE) };
}
