import { AGREEMENT_STATUS_LABELS } from "~/domain/agreements/status";

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status}`}>{AGREEMENT_STATUS_LABELS[status] ?? status}</span>;
}
