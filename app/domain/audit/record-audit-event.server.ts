import type { Prisma } from "~/generated/prisma/client";
import { SIGNING_AUDIT_LABELS } from "~/domain/audit/audit-labels";
import { db } from "~/utils/db.server";

export type AuditContext = {
  actorUserId?: string | null;
  actorLabel?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
};

/** Records one audit event; pass a transaction client to make it part of a change. */
export async function recordAuditEvent(
  event: AuditContext & {
    action: string;
    agreementId?: string | null;
    versionId?: string | null;
    versionHash?: string | null;
    data?: Record<string, unknown>;
  },
  client: Prisma.TransactionClient = db,
): Promise<void> {
  await client.auditEvent.create({
    data: {
      action: event.action,
      agreementId: event.agreementId ?? null,
      versionId: event.versionId ?? null,
      versionHash: event.versionHash ?? null,
      actorUserId: event.actorUserId ?? null,
      actorLabel: event.actorLabel ?? null,
      ipAddress: event.ipAddress ?? null,
      userAgent: event.userAgent ?? null,
      data: event.data ? JSON.stringify(event.data) : null,
    },
  });
}

/** Dutch labels for audit actions, shown on the agreement page. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  ...SIGNING_AUDIT_LABELS,
  "agreement.created": "Overeenkomst aangemaakt",
  "agreement.updated": "Gegevens gewijzigd",
  "agreement.archived": "Gearchiveerd",
  "draft.clause-added": "Clausule toegevoegd",
  "draft.full-set-added": "Clausules van de volledige nota toegevoegd",
  "draft.clause-removed": "Clausule verwijderd",
  "draft.clause-moved": "Clausule verplaatst",
  "draft.clause-edited": "Tekst van een clausule aangepast",
  "draft.clause-reset": "Tekst van een clausule hersteld",
  "draft.values-saved": "Gegevens ingevuld",
  "draft.signatory-added": "Ondertekenaar toegevoegd",
  "draft.signatory-removed": "Ondertekenaar verwijderd",
  "draft.signatory-confirmed": "Voorgestelde ondertekenaar bevestigd",
  "organisation.board-updated": "Bestuur van de organisatie aangepast",
  "draft.signing-order-set": "Volgorde van ondertekenen gekozen",
  "agreement.party-accepted": "Uitnodiging als partij aanvaard",
  "agreement.party-added": "Partij toegevoegd",
  "agreement.party-removed": "Partij verwijderd",
  "version.frozen": "Versie vastgelegd",
  "agreement.amendment-started": "Wijziging gestart",
  "agreement.renewed": "Vernieuwd voor een nieuw schooljaar",
  "commitment.added": "Afspraak toegevoegd",
  "commitment.person-named": "Persoon voor een afspraak aangeduid",
  "agreement.contact-named": "Contactpersoon aangeduid",
  "agreement.contact-removed": "Contactpersoon verwijderd",
  "commitment.updated": "Afspraak bijgewerkt",
  "evaluation.moved": "Evaluatiemoment verplaatst",
  "evaluation.added": "Evaluatiemoment toegevoegd",
  "evaluation.recorded": "Evaluatie vastgelegd",
};
