// The few numbers of the user's overview that the start page shows.
import type { SessionUser } from "~/domain/access/actor";
import { loadDashboardPage } from "./load-dashboard.server";
import { UPCOMING_COMMITMENT_DAYS } from "./school-dashboard.server";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES } from "~/domain/onboarding/school-status";

export type Teaser = { title: string; items: Array<{ key: string; label: string; count: number; href: string }> };

export async function loadDashboardTeaser(options: { user: SessionUser; now?: Date }): Promise<Teaser | null> {
  const page = await loadDashboardPage({ user: options.user, params: new URLSearchParams(), now: options.now });
  const dashboard = page.dashboard;
  if (!dashboard) return null;
  const year = page.filters.schoolYear;
  const rol = page.kinds.length > 1 ? `rol=${dashboard.kind}&` : "";
  if (dashboard.kind === "dienst") {
    const d = dashboard.data;
    return {
      title: `Engagementsverklaringen ${year}`,
      items: [
        ...DASHBOARD_STATUSES.map((s) => ({ key: s, label: DASHBOARD_STATUS_LABELS[s], count: d.statusTotals[s], href: `/overzicht?${rol}status=${s}` })),
        { key: "onder", label: "Langer dan 14 dagen niet ondertekend", count: d.unsigned.total, href: `/overzicht?${rol}#onder-titel` },
        { key: "eval", label: "Evaluaties die achterstaan", count: d.overdueEvaluations.total, href: `/overzicht?${rol}#eval-titel` },
      ],
    };
  }
  if (dashboard.kind === "clb") {
    const d = dashboard.data;
    return {
      title: `Afsprakennota's ${year}`,
      items: [
        ...DASHBOARD_STATUSES.map((s) => ({ key: s, label: DASHBOARD_STATUS_LABELS[s], count: d.statusTotals[s], href: `/overzicht?${rol}status=${s}` })),
        { key: "eval", label: "Evaluaties die eraan komen", count: d.upcomingEvaluations.total, href: `/overzicht?${rol}#clb-eval-titel` },
      ],
    };
  }
  if (dashboard.kind === "stad") {
    const d = dashboard.data;
    return {
      title: `Samenwerkingsovereenkomsten ${year}`,
      items: DASHBOARD_STATUSES.map((s) => ({ key: s, label: DASHBOARD_STATUS_LABELS[s], count: d.statusTotals[s], href: `/overzicht?${rol}status=${s}` })),
    };
  }
  const d = dashboard.data;
  return {
    title: "Voor u te doen",
    items: [
      { key: "wacht", label: "Wacht op uw handtekening", count: d.awaitingSignature.total, href: `/overzicht?${rol}#wacht-titel` },
      { key: "over-tijd", label: "Afspraken over tijd", count: d.commitmentsOverdue.total, href: `/overzicht?${rol}#over-tijd-titel` },
      { key: "binnenkort", label: `Afspraken in de komende ${UPCOMING_COMMITMENT_DAYS} dagen`, count: d.commitmentsDue.total, href: `/overzicht?${rol}#deze-maand-titel` },
    ],
  };
}
