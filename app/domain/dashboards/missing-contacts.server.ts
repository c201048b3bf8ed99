// The dashboards' "Geen contactpersoon" flag (decision 003): agreements of the
// user's organisations in which a party named no contact person, so that its
// reminders only reach its beheerder. One indexed query: agreements of the
// school year (Agreement [schoolYear, status]) with a party of the user's
// organisations (AgreementParty.organisationId) and a party without any
// AgreementContact (its partyId index).
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";

/** Agreements still running: drafts, under signature, in force. */
const RUNNING_STATUSES = ["concept", "ter_ondertekening", "ondertekend"];
/** How many the dashboard lists; one more tells that there are more. */
export const MISSING_CONTACTS_SHOWN = 20;

export type MissingContacts = { items: Array<{ id: string; title: string }>; more: boolean };

export async function agreementsWithoutContact(options: {
  organisationIds: readonly string[];
  schoolYear: string;
  client?: PrismaClient;
}): Promise<MissingContacts> {
  if (options.organisationIds.length === 0) return { items: [], more: false };
  const rows = await (options.client ?? db).agreement.findMany({
    where: {
      schoolYear: options.schoolYear,
      status: { in: RUNNING_STATUSES },
      parties: { some: { organisationId: { in: [...options.organisationIds] } } },
      AND: [{ parties: { some: { contacts: { none: {} } } } }],
    },
    select: { id: true, title: true },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    take: MISSING_CONTACTS_SHOWN + 1,
  });
  return { items: rows.slice(0, MISSING_CONTACTS_SHOWN), more: rows.length > MISSING_CONTACTS_SHOWN };
}

