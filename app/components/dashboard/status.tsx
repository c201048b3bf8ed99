import { DASHBOARD_STATUS_LABELS, type DashboardStatus } from "~/domain/onboarding/school-status";

/** A school's status for a school year (geen, concept, ter ondertekening, ondertekend, verlopen). */
export function DashboardStatusBadge({ status }: { status: DashboardStatus }) {
  return <span className={`badge badge--${status}`}>{DASHBOARD_STATUS_LABELS[status]}</span>;
}
