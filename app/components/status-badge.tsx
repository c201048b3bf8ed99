import { agreementStatusLabel } from "~/domain/agreements/status";

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status}`}>{agreementStatusLabel(status)}</span>;
}
