import { noticeOtherParties } from "~/domain/agreements/party-notices.server";
import { inTransaction } from "~/utils/transaction.server";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import type { DraftWork } from "~/domain/drafting/draft-work.server";
import { isDraftEditable } from "~/domain/drafting/editable";
import { loadDraft, type Draft } from "~/domain/drafting/load-draft.server";
import { PartiesNotReadyError, partyBlockers, requireAcceptedMember, SIGNATORY_STATUS } from "~/domain/drafting/parties";
import { commitmentTiming } from "~/domain/templates/commitment-timing";
import { renderCommitment } from "~/domain/templates/render";
import type { VariableValue } from "~/domain/templates/schema";
import { AppError, conflict } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { hashSnapshot } from "./hash";
import type { VersionSnapshot } from "./snapshot";

/** Freezing an incomplete draft: the list of what is missing, for the page. */
export class IncompleteDraftError extends AppError {
  readonly missing: string[];
  constructor(missing: string[]) {
    super("INVALID_INPUT", "Het concept is nog niet volledig. Vul eerst aan wat hieronder staat.");
    this.missing = missing;
  }
}

export function buildSnapshot(draft: Draft): VersionSnapshot {
  const { agreement, type } = draft;
  const values: VersionSnapshot["values"] = {};
  for (const [name, value] of Object.entries(draft.values)) {
    if (value !== null && value !== undefined) values[name] = value as VariableValue;
  }
  const partyRecords = new Map(agreement.parties.map((p) => [p.id, p]));
  return {
    format: 1,
    agreement: {
      id: agreement.id,
      documentType: agreement.documentType,
      title: agreement.title,
      schoolYear: agreement.schoolYear,
      yearCount: agreement.yearCount,
      signingOrder: agreement.signingOrder,
    },
    parties: draft.parties.map((p) => {
      const organisation = partyRecords.get(p.id)?.organisation;
      const address = [organisation?.street, [organisation?.postalCode, organisation?.municipality].filter(Boolean).join(" ")]
        .filter(Boolean)
        .join(", ");
      return {
        partyRole: p.partyRole,
        partyRoleLabel: p.roleLabel,
        organisationId: p.organisationId,
        name: p.name,
        kind: organisation?.kind ?? "",
        instellingsnummer: organisation?.instellingsnummer ?? null,
        address: address || null,
        // Only when there is a board: versions of parties without one keep their old shape (and hash).
        ...(organisation?.boardName ? { boardName: organisation.boardName } : {}),
        ...(organisation?.boardName && organisation.boardNumber ? { boardNumber: organisation.boardNumber } : {}),
      };
    }),
    clauses: draft.clauses.map((c) => ({
      key: c.id,
      section: c.section,
      sectionTitle: type.sections.find((s) => s.id === c.section)?.title ?? c.section,
      templateId: c.templateId,
      templateVersion: c.templateVersion,
      modified: c.modified,
      title: c.title,
      text: c.body,
      renderedText: c.text,
    })),
    values,
    commitments: draft.clauses.flatMap((c) =>
      c.commitmentDefs.map((def) => {
        const rendered = renderCommitment(def, draft.values, { variables: c.variableDefs });
        return {
          key: `${c.id}:${def.id}`,
          clauseKey: c.id,
          templateCommitmentId: def.id,
          what: rendered.text,
          bearerPartyRole: def.bearer,
          ...(def.each ? { each: true } : {}),
          rasci: { ...def.rasci },
          ...commitmentTiming(def, draft.values),
          howMeasured: rendered.evaluation,
          dueHint: rendered.dueHint ?? null,
        };
      }),
    ),
    signatories: draft.signatories.map((s) => {
      const party = draft.parties.find((p) => p.id === s.partyId);
      return {
        partyRole: party?.partyRole ?? "",
        organisationId: party?.organisationId ?? "",
        name: s.name,
        functionTitle: s.functionTitle,
        email: s.email,
        kind: s.kind === "cc" ? "cc" : "signer",
        position: s.position,
        namedBy: s.namedBy,
        confirmedBy: s.status === SIGNATORY_STATUS.confirmed ? s.confirmedBy : null,
        ...(s.onBehalfOf ? { onBehalfOf: s.onBehalfOf } : {}),
        ...(s.onBehalfOf && s.mandate ? { mandate: s.mandate } : {}),
      };
    }),
  };
}

/**
 * "Vastleggen": turns a complete draft into version N+1 — a snapshot of its
 * clauses (with template provenance), values, parties and signatories as
 * canonical JSON with its SHA-256. The draft's revision guards the freeze, so
 * two concurrent freezes of one draft make exactly one version. Earlier
 * versions that were not signed are superseded ("vervangen"). With `work`: a
 * step of that DraftWork (in its transaction, keeping it up to date).
 */
export async function freezeDraft(options: {
  user: SessionUser;
  agreementId: string;
  revision: number;
  audit: AuditContext;
  work?: DraftWork;
  /** Only the bulk engagementsverklaring: an invited party accepts by signing (see partyBlockers). */
  acceptBySigning?: boolean;
  now?: Date;
}) {
  const { user, agreementId, revision, work } = options;
  const now = options.now ?? new Date();
  const draft = await loadDraft({ user, agreementId, permission: "agreement:edit", withAids: false, work });
  if (!isDraftEditable(draft.agreement)) {
    throw new AppError("CONFLICT", "Deze overeenkomst kan nu niet vastgelegd worden.");
  }
  if (draft.agreement.draftRevision !== revision) {
    throw conflict("Iemand anders heeft dit concept intussen gewijzigd of vastgelegd. Bekijk de huidige stand en probeer opnieuw.");
  }
  const { completeness } = draft;
  if (!completeness.complete) {
    throw new IncompleteDraftError([
      ...completeness.missingSections.map((s) => `Verplichte rubriek zonder clausule: ${s}`),
      ...completeness.unfilledVariables.map((v) => `Nog in te vullen: ${v.label}`),
      ...completeness.partiesWithoutSignatory.map((p) => `Nog geen ondertekenaar voor ${p}`),
      ...completeness.partyCounts,
    ]);
  }
  requireAcceptedMember(user.memberships, draft.agreement.parties);
  const blockers = partyBlockers(draft.parties, draft.signatories, { acceptBySigning: options.acceptBySigning });
  if (blockers.length > 0) throw new PartiesNotReadyError("vastleggen", blockers);
  const snapshot = buildSnapshot(draft);
  const { content, hash } = hashSnapshot(snapshot);

  return inTransaction(work?.tx, async (tx) => {
    const status = draft.agreement.amending ? draft.agreement.status : "concept";
    const { count } = await tx.agreement.updateMany({
      where: { id: agreementId, draftRevision: revision },
      data: { draftRevision: { increment: 1 }, status },
    });
    if (count === 0) {
      throw conflict("Iemand anders heeft dit concept intussen gewijzigd of vastgelegd. Bekijk de huidige stand en probeer opnieuw.");
    }
    if (work) work.agreement = { ...work.agreement, draftRevision: revision + 1, status };
    const versions = await tx.agreementVersion.findMany({ where: { agreementId }, select: { id: true, number: true, status: true } });
    const number = Math.max(0, ...versions.map((v) => v.number)) + 1;
    // Versions that were never signed are replaced; their signing links die.
    const superseded = versions.filter((v) => ["concept", "ter_ondertekening", "geweigerd"].includes(v.status));
    if (superseded.length > 0) {
      const ids = superseded.map((v) => v.id);
      await tx.agreementVersion.updateMany({ where: { id: { in: ids } }, data: { status: "vervangen" } });
      await tx.signingRequest.updateMany({ where: { versionId: { in: ids }, status: { in: ["wachtend", "verstuurd"] } }, data: { status: "vervallen" } });
    }
    const version = await tx.agreementVersion.create({
      data: {
        agreementId,
        number,
        status: "concept",
        content,
        contentHash: hash,
        frozenById: user.id,
      },
    });
    await tx.versionClause.createMany({
      data: snapshot.clauses.map((c, position) => ({
        versionId: version.id,
        position,
        section: c.section,
        templateId: c.templateId,
        templateVersion: c.templateVersion,
        title: c.title,
        text: c.renderedText,
        modified: c.modified,
      })),
    });
    await recordAuditEvent(
      { ...options.audit, actorUserId: user.id, action: "version.frozen", agreementId, versionId: version.id, versionHash: hash,
        data: { number, signatories: snapshot.signatories.map((s) => ({ name: s.name, namedBy: s.namedBy ?? null, confirmedBy: s.confirmedBy ?? null })) } },
      tx,
    );
    await noticeOtherParties(tx, { event: "frozen", agreementId, key: version.id, now, actorUserId: user.id, who: user.name, versionNumber: number });
    if (work) work.version = version;
    return version;
  });
}
