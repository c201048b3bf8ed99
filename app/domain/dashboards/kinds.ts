// The kinds of dashboard and their Dutch labels. Pure: safe for the browser.

export type DashboardKind = "dienst" | "clb" | "stad" | "school";

export const DASHBOARD_KIND_LABELS: Record<DashboardKind, string> = {
  dienst: "Brugfigurenwerking",
  clb: "CLB",
  stad: "Lokaal bestuur",
  school: "School",
};
