// The "Volgend schooljaar" board of a CLB, a brugfiguren service or a city:
// every school it has an agreement with × the state of next year's agreement
// and of this year's evaluation. One query, whatever the number of schools,
// scoped by a join on the user's own membership of the organisation.
import { membershipsAllow } from "~/domain/access/policy";
import { isInSchoolYear, nextSchoolYear, schoolYearOf } from "~/domain/calendar";
import { statusForSchoolYear } from "~/domain/onboarding/school-status";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import {
  BOARD_DOCUMENT_NOUNS,
  BOARD_DOCUMENT_TYPES,
  EVALUATION_STATES,
  isBoardKind,
  NEXT_YEAR_STATES,
  nextYearState,
  type BoardOrganisationKind,
  type EvaluationState,
  type NextYearState,
} from "./board-kinds";

export type BoardOrganisation = {
  id: string;
  name: string;
  kind: BoardOrganisationKind;
  documentType: string;
  /** "nota", "engagementsverklaring", … */
  noun: string;
  /** May renew (and send) its agreements: "agreement:edit" in the organisation. */
  canRenew: boolean;
};

/** The organisations whose board the user may read: a CLB, brugfiguren service or city of which the user is a member. */
export function boardOrganisations(user: SessionUser): BoardOrganisation[] {
  const seen = new Map<string, BoardOrganisation>();
  for (const m of user.memberships) {
    const kind = m.organisationKind;
    if (seen.has(m.organisationId) || !isBoardKind(kind)) continue;
    const own = user.memberships.filter((o) => o.organisationId === m.organisationId);
    if (!membershipsAllow(own, "agreement:read")) continue;
    seen.set(m.organisationId, {
      id: m.organisationId,
      name: m.organisationName,
      kind,
      documentType: BOARD_DOCUMENT_TYPES[kind],
      noun: BOARD_DOCUMENT_NOUNS[kind],
      canRenew: membershipsAllow(own, "agreement:edit"),
    });
  }
  return [...seen.values()];
}

/** The board organisation asked for (the first one when none is named); 403 for a user without one, 404 for another's. */
export function requireBoardOrganisation(user: SessionUser, organisationId?: string | null): BoardOrganisation {
  const all = boardOrganisations(user);
  if (all.length === 0) throw forbidden("Dit overzicht is voor CLB's, brugfigurenwerkingen en steden.");
  if (!organisationId) return all[0]!;
  const found = all.find((o) => o.id === organisationId);
  if (!found) throw notFound("Deze organisatie bestaat niet of u bent er geen lid van.");
  return found;
}

export type BoardSchool = {
  id: string;
  name: string;
  municipality: string | null;
  /** This year's signed agreement: where a renewal starts from. */
  signedThisYearId: string | null;
  /** This year's agreement, signed or not (for the link). */
  thisYearId: string | null;
  next: { state: NextYearState; agreementId: string | null };
  evaluation: EvaluationState;
  /** Signed this year and nothing yet for next year. */
  renewable: boolean;
};

export type SchoolYears = { thisYear: string; nextYear: string };

export function schoolYearsAt(now: Date): SchoolYears {
  const thisYear = schoolYearOf(brusselsDate(now));
  return { thisYear, nextYear: nextSchoolYear(thisYear) };
}

/**
 * The schools the organisation has an agreement of its type with (only these
 * when `schoolIds` is given), with this year's and next year's state. The
 * organisation must be one of the user's (a join on the user's membership).
 */
export async function loadBoardSchools(options: {
  user: SessionUser;
  organisation: BoardOrganisation;
  years: SchoolYears;
  schoolIds?: readonly string[];
}): Promise<BoardSchool[]> {
  const { user, organisation, years } = options;
  const withOrganisation = {
    documentType: organisation.documentType,
    status: { not: "gearchiveerd" },
    parties: { some: { organisationId: organisation.id, organisation: { memberships: { some: { userId: user.id, active: true } } } } },
  } satisfies Prisma.AgreementWhereInput;
  const rows = await db.organisation.findMany({
    where: {
      kind: "school",
      parties: { some: { agreement: withOrganisation } },
      // At most BULK_RENEW_MAX ids, checked by the caller.
      ...(options.schoolIds ? { id: { in: [...options.schoolIds] } } : {}),
    },
    select: {
      id: true,
      name: true,
      municipality: true,
      parties: {
        where: { agreement: withOrganisation },
        select: {
          agreement: {
            select: {
              id: true,
              title: true,
              status: true,
              schoolYear: true,
              yearCount: true,
              evaluationMoments: { where: { status: "afgerond" }, select: { date: true } },
            },
          },
        },
      },
    },
  });
  return rows
    .map((school): BoardSchool => {
      const agreements = school.parties.map((p) => p.agreement);
      const thisYear = statusForSchoolYear(agreements, years.thisYear).agreement;
      const next = statusForSchoolYear(agreements, years.nextYear, years.thisYear);
      const held = agreements.find((a) => a.id === thisYear?.id)?.evaluationMoments.some((m) => isInSchoolYear(m.date, years.thisYear)) ?? false;
      const nextState = next.agreement ? nextYearState(next.status) : "geen";
      const signed = thisYear?.status === "ondertekend" ? thisYear.id : null;
      return {
        id: school.id,
        name: school.name,
        municipality: school.municipality,
        signedThisYearId: signed,
        thisYearId: thisYear?.id ?? null,
        next: { state: nextState, agreementId: next.agreement?.id ?? null },
        evaluation: held ? "gehouden" : "niet_gehouden",
        renewable: Boolean(signed) && nextState === "geen",
      };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
}

const collator = new Intl.Collator("nl-BE", { sensitivity: "base", numeric: true });

export type BoardFilters = { state: NextYearState | null; evaluation: EvaluationState | null; municipality: string | null };

export type Board = SchoolYears & {
  organisation: BoardOrganisation;
  organisations: BoardOrganisation[];
  schools: BoardSchool[];
  /** Counts per state of next year's agreement and of this year's evaluation (within the municipality filter). */
  stateCounts: Record<NextYearState, number>;
  evaluationCounts: Record<EvaluationState, number>;
  municipalities: string[];
  total: number;
};

export async function loadBoard(options: { user: SessionUser; organisationId?: string | null; filters: BoardFilters; now?: Date }): Promise<Board> {
  const { user, filters } = options;
  const organisation = requireBoardOrganisation(user, options.organisationId);
  const years = schoolYearsAt(options.now ?? new Date());
  const all = await loadBoardSchools({ user, organisation, years });
  const municipalities = [...new Set(all.map((s) => s.municipality).filter((m): m is string => Boolean(m)))].sort(collator.compare);
  const inPlace = filters.municipality ? all.filter((s) => s.municipality === filters.municipality) : all;
  const stateCounts = Object.fromEntries(NEXT_YEAR_STATES.map((s) => [s, inPlace.filter((x) => x.next.state === s).length])) as Record<NextYearState, number>;
  const evaluationCounts = Object.fromEntries(EVALUATION_STATES.map((s) => [s, inPlace.filter((x) => x.evaluation === s).length])) as Record<
    EvaluationState,
    number
  >;
  const schools = inPlace.filter((s) => (!filters.state || s.next.state === filters.state) && (!filters.evaluation || s.evaluation === filters.evaluation));
  return { ...years, organisation, organisations: boardOrganisations(user), schools, stateCounts, evaluationCounts, municipalities, total: all.length };
}
