// The board behind a school or CLB (schoolbestuur, CLB-bestuur): its name and
// number, kept on the organisation and changed only by that organisation's own
// beheerder (a party acts for itself). A lookup at Onderwijs Vlaanderen can
// also bring it (domain/onboarding).
import { membershipsAllow, rolesAllowing } from "~/domain/access/policy";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { BoardFieldsSchema } from "~/domain/onboarding/school-fields";
import { db } from "~/utils/db.server";
import { forbidden } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

/** Organisations that are run by a board. */
const BOARD_KINDS = ["school", "clb"];

export const BOARD_UPDATED_ACTION = "organisation.board-updated";
export const BOARD_FORBIDDEN = "Alleen de beheerder van deze school of dit CLB kan het bestuur aanpassen.";

/** The board fields of the settings form (name and number; both optional). */
export const BoardFormSchema = BoardFieldsSchema.pick({ boardName: true, boardNumber: true });

/** The schools and CLBs whose board the user may change, with their board as stored. */
export async function boardsManagedBy(user: SessionUser) {
  if (!user.memberships.some((m) => BOARD_KINDS.includes(m.organisationKind) && membershipsAllow([m], "organisation:board"))) return [];
  return db.organisation.findMany({
    // Through the user's own memberships (a join), not a list of ids from the session.
    where: {
      kind: { in: BOARD_KINDS },
      memberships: { some: { userId: user.id, active: true, role: { in: rolesAllowing("organisation:board") } } },
    },
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true, boardName: true, boardNumber: true },
  });
}

/** Changes the board of the user's own school or CLB; 403 for anyone else. */
export async function updateOrganisationBoard(options: {
  user: SessionUser;
  organisationId: string;
  input: { boardName?: string; boardNumber?: string };
  audit: AuditContext;
}) {
  const { user, organisationId, input } = options;
  if (!membershipsAllow(user.memberships, "organisation:board", [organisationId])) throw forbidden(BOARD_FORBIDDEN);
  return db.$transaction(async (tx) => {
    const data = { boardName: input.boardName ?? null, boardNumber: input.boardName ? (input.boardNumber ?? null) : null };
    const { count } = await tx.organisation.updateMany({ where: { id: organisationId, kind: { in: BOARD_KINDS } }, data });
    if (count === 0) throw forbidden(BOARD_FORBIDDEN);
    await recordAuditEvent({ ...options.audit, actorUserId: user.id, action: BOARD_UPDATED_ACTION, data: { organisationId, ...data } }, tx);
    return data;
  });
}
