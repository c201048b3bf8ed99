// The few numbers of the user's overview that the start page shows, counted
// directly (not by loading the dashboard): the same conditions as the
// dashboards use, shared with them, so the numbers cannot drift apart. A fixed
// small number of queries: dienst 4, clb 3, stad 2, school 3.
import { schoolYearOf, type IsoDate } from "~/domain/calendar";
import { requireService } from "~/domain/onboarding/service-schools.server";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { createReadCache } from "~/utils/read-cache.server";
import type { SessionUser } from "~/domain/access/actor";
import { citiesOf } from "./city-dashboard.server";
import { clbsOf, upcomingEvaluationsWhere } from "./clb-dashboard.server";
import { countOverdueAndUnsigned } from "./coordinator-dashboard.server";
import type { DashboardKind } from "./kinds";
import { dashboardKinds } from "./load-dashboard.server";
import { countPartnerSchoolStatuses, PARTNER_DOCUMENT_TYPES } from "~/domain/onboarding/partner-school-statuses.server";
import { schoolDashboardWheres, schoolsOf, UPCOMING_COMMITMENT_DAYS } from "./school-dashboard.server";
import { DASHBOARD_STATUS_LABELS, DASHBOARD_STATUSES, type DashboardStatus } from "~/domain/onboarding/school-status";

export type Teaser = { title: string; items: Array<{ key: string; label: string; count: number; href: string }> };

// A partner's figures are the same for each of its members: computed once per
// data version (read-cache.server.ts), as the coordinator's dashboard; the
// minute bounds the clock-driven "unsigned for more than 14 days". A school's
// figures are the user's own (their signatures): never cached.
const cache = createReadCache<Teaser>({ max: 500, ttlMs: 60_000 });

export async function loadDashboardTeaser(options: { user: SessionUser; now?: Date; client?: PrismaClient }): Promise<Teaser | null> {
  const { user } = options;
  const now = options.now ?? new Date();
  const today = brusselsDate(now);
  const kinds = dashboardKinds(user);
  const kind = kinds[0];
  if (!kind) return null;
  const rol = kinds.length > 1 ? `rol=${kind}&` : "";
  const partnerId = kind === "dienst" ? requireService(user).id : kind === "clb" ? clbsOf(user)[0]!.id : kind === "stad" ? citiesOf(user)[0]!.id : null;
  const compute = () => countTeaser({ user, kind, partnerId, rol, now, today, client: options.client ?? db });
  // A caller's own client (tests counting queries) always computes afresh.
  if (!partnerId || options.client) return compute();
  return cache.get(JSON.stringify([kind, partnerId, rol, today]), compute);
}

async function countTeaser(options: {
  user: SessionUser;
  kind: DashboardKind;
  partnerId: string | null;
  rol: string;
  now: Date;
  today: IsoDate;
  client: PrismaClient;
}): Promise<Teaser> {
  const { user, kind, rol, now, today, client } = options;
  const partnerId = options.partnerId!;
  const year = schoolYearOf(today);
  const statusItems = (totals: Record<DashboardStatus, number>) =>
    DASHBOARD_STATUSES.map((s) => ({ key: s, label: DASHBOARD_STATUS_LABELS[s], count: totals[s], href: `/overzicht?${rol}status=${s}` }));
  const statusTotals = (partnerId: string, documentType: string) =>
    countPartnerSchoolStatuses({ partnerId, documentType, schoolYear: year, currentSchoolYear: year, client });

  if (kind === "dienst") {
    const [totals, figures] = await Promise.all([
      statusTotals(partnerId, PARTNER_DOCUMENT_TYPES.brugfiguren),
      countOverdueAndUnsigned({ serviceId: partnerId, today, now, client }),
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
    const [totals, upcoming] = await Promise.all([
      statusTotals(partnerId, PARTNER_DOCUMENT_TYPES.clb),
      client.evaluationMoment.count({ where: upcomingEvaluationsWhere(partnerId, today, null) }),
    ]);
    return {
      title: `Afsprakennota's ${year}`,
      items: [...statusItems(totals), { key: "eval", label: "Evaluaties die eraan komen", count: upcoming, href: `/overzicht?${rol}#clb-eval-titel` }],
    };
  }
  if (kind === "stad") {
    return { title: `Samenwerkingsovereenkomsten ${year}`, items: statusItems(await statusTotals(partnerId, PARTNER_DOCUMENT_TYPES.lokaal_bestuur)) };
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
