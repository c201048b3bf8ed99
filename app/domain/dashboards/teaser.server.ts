// The few numbers of the user's overview that the start page shows, counted
// directly (not by loading the dashboard): the same conditions as the
// dashboards use, shared with them, so the numbers cannot drift apart. A fixed
// small number of queries: dienst 4, clb 3, stad 2, school 3.
import { schoolYearOf } from "~/domain/calendar";
import { requireService } from "~/domain/onboarding/service-schools.server";
import { brusselsDate } from "~/domain/reminders/brussels-time";
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/utils/session.server";
import { citiesOf } from "./city-dashboard.server";
import { clbsOf, upcomingEvaluationsWhere } from "./clb-dashboard.server";
import { countOverdueAndUnsigned } from "./coordinator-dashboard.server";
import { dashboardKinds } from "./load-dashboard.server";
import { countPartnerSchoolStatuses, PARTNER_DOCUMENT_TYPES } from "./partner-schools.server";
import { schoolDashboardWheres, schoolsOf, UPCOMING_COMMITMENT_DAYS } from "./school-dashboard.server";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES, type DashboardStatus } from "./status";

export type Teaser = { title: string; items: Array<{ key: string; label: string; count: number; href: string }> };

export async function loadDashboardTeaser(options: { user: SessionUser; now?: Date; client?: PrismaClient }): Promise<Teaser | null> {
  const { user } = options;
  const client = options.client ?? db;
  const now = options.now ?? new Date();
  const today = brusselsDate(now);
  const year = schoolYearOf(today);
  const kinds = dashboardKinds(user);
  const kind = kinds[0];
  if (!kind) return null;
  const rol = kinds.length > 1 ? `rol=${kind}&` : "";
  const statusItems = (totals: Record<DashboardStatus, number>) =>
    DASHBOARD_STATUSES.map((s) => ({ key: s, label: DASHBOARD_STATUS_LABELS[s], count: totals[s], href: `/overzicht?${rol}status=${s}` }));
  const statusTotals = (partnerId: string, documentType: string) =>
    countPartnerSchoolStatuses({ partnerId, documentType, schoolYear: year, currentSchoolYear: year, client });

  if (kind === "dienst") {
    const service = requireService(user);
    const [totals, figures] = await Promise.all([
      statusTotals(service.id, PARTNER_DOCUMENT_TYPES.brugfiguren),
      countOverdueAndUnsigned({ serviceId: service.id, today, now, client }),
    ]);
    return {
      title: `Engagementsverklaringen ${year}`,
      items: [
        ...statusItems(totals),
        { key: "onder", label: "Langer dan 14 dagen niet ondertekend", count: figures.unsigned, href: `/overzicht?${rol}#onder-titel` },
        { key: "eval", label: "Evaluaties die achterstaan", count: figures.overdueEvaluations, href: `/overzicht?${rol}#eval-titel` },
      ],
    };
  }
  if (kind === "clb") {
    const clb = clbsOf(user)[0]!;
    const [totals, upcoming] = await Promise.all([
      statusTotals(clb.id, PARTNER_DOCUMENT_TYPES.clb),
      client.evaluationMoment.count({ where: upcomingEvaluationsWhere(clb.id, today, null) }),
    ]);
    return {
      title: `Afsprakennota's ${year}`,
      items: [...statusItems(totals), { key: "eval", label: "Evaluaties die eraan komen", count: upcoming, href: `/overzicht?${rol}#clb-eval-titel` }],
    };
  }
  if (kind === "stad") {
    const city = citiesOf(user)[0]!;
    return { title: `Samenwerkingsovereenkomsten ${year}`, items: statusItems(await statusTotals(city.id, PARTNER_DOCUMENT_TYPES.lokaal_bestuur)) };
  }
  const { signatureWhere, commitmentWhere, overdueWhere } = schoolDashboardWheres(user, schoolsOf(user), today);
  const [awaiting, overdue, due] = await Promise.all([
    client.signingRequest.count({ where: signatureWhere }),
    client.commitment.count({ where: overdueWhere }),
    client.commitment.count({ where: commitmentWhere }),
  ]);
  return {
    title: "Voor u te doen",
    items: [
      { key: "wacht", label: "Wacht op uw handtekening", count: awaiting, href: `/overzicht?${rol}#wacht-titel` },
      { key: "over-tijd", label: "Afspraken over tijd", count: overdue, href: `/overzicht?${rol}#over-tijd-titel` },
      { key: "binnenkort", label: `Afspraken in de komende ${UPCOMING_COMMITMENT_DAYS} dagen`, count: due, href: `/overzicht?${rol}#deze-maand-titel` },
    ],
  };
}
