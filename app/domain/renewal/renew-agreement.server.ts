import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { isIsoDate, nextSchoolYear, parseSchoolYear, samePlaceInSchoolYear } from "~/domain/calendar";
import { OPEN_STATUSES } from "~/domain/commitments/vocabulary";
import { draftClauseFromTemplate } from "~/domain/drafting/clause-data";
import { actsFor, PARTY_STATUS, SIGNATORY_STATUS } from "~/domain/drafting/parties";
import { schoolYearsOf } from "~/domain/evaluation/evaluations.server";
import { renderDocumentTitle } from "~/domain/templates/render";
import type { VariableDef } from "~/domain/templates/schema";
import type { VersionSnapshot } from "~/domain/versions/snapshot";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { getDocumentType, templateLibrary } from "~/domain/templates/document-types.server";
import { findAgreementForUser, type AgreementWithParties } from "~/domain/access/find-agreement.server";
import { noticeOtherParties } from "~/domain/agreements/party-notices.server";
import { findSameAgreement, refuseSameAgreement } from "~/domain/agreements/same-agreement.server";
import { allocateAgreementReference } from "~/domain/agreements/reference.server";

/** Moves school-year and date values on by `years` school years (dates to the same place in that year). */
export function moveValuesOn(values: Record<string, unknown>, defs: readonly VariableDef[], years: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  const seen = new Set<string>();
  for (const def of defs) {
    // A variable shared by several clauses moves once.
    if (seen.has(def.name)) continue;
    seen.add(def.name);
    const value = out[def.name];
    if (typeof value !== "string") continue;
    if (def.type === "schoolYear" && /^\d{4}-\d{4}$/.test(value)) {
      const start = Number(value.slice(0, 4)) + years;
      out[def.name] = `${start}-${start + 1}`;
    } else if (def.type === "date" && isIsoDate(value)) {
      // The same week of the school year and weekday, off holidays: not "+1 calendar year".
      out[def.name] = samePlaceInSchoolYear(value, years);
    }
  }
  return out;
}

/** What a renewal of the agreement would be: the same parties and type, the school year after its last one. */
function renewalKey(agreement: AgreementWithParties) {
  const schoolYear = nextSchoolYear(schoolYearsOf(agreement).at(-1)!);
  return { documentType: agreement.documentType, schoolYear, organisationIds: agreement.parties.map((p) => p.organisationId) };
}

/** The renewal that exists already (renewed, or started by hand for that year), for a user who may read the agreement. */
export async function findExistingRenewal(options: { user: SessionUser; agreementId: string }) {
  const agreement = await findAgreementForUser({ ...options, permission: "agreement:read" });
  const key = renewalKey(agreement);
  return { agreement, schoolYear: key.schoolYear, existing: await findSameAgreement(db, key) };
}

/**
 * "Vernieuwen voor schooljaar X": a new draft for the next school year from
 * the last signed version — clauses as signed (provenance kept), values moved
 * on, the same parties and signatories, and every commitment that was not
 * achieved carried over (marked so).
 */
export async function renewAgreement(options: { user: SessionUser; agreementId: string; audit: AuditContext; now?: Date }) {
  const { user } = options;
  const now = options.now ?? new Date();
  const agreement = await findAgreementForUser({ user, agreementId: options.agreementId, permission: "agreement:edit" });
  const signed = await db.agreementVersion.findFirst({
    where: { agreementId: agreement.id, status: "ondertekend" },
    orderBy: { number: "desc" },
  });
  if (!signed) throw new AppError("CONFLICT", "Alleen een ondertekende overeenkomst kan vernieuwd worden.");
  const snapshot = JSON.parse(signed.content) as VersionSnapshot;
  const sameKey = renewalKey(agreement);
  const targetYear = sameKey.schoolYear;
  const alreadyRenewed = (existing: { title: string }) => `Er bestaat al een vernieuwing voor schooljaar ${targetYear}. Open "${existing.title}".`;
  const yearsOn = parseSchoolYear(targetYear).startYear - parseSchoolYear(agreement.schoolYear).startYear;
  const type = getDocumentType(agreement.documentType);
  const library = templateLibrary();
  const oldClauses = new Map(
    (await db.draftClause.findMany({ where: { agreementId: agreement.id } })).map((c) => [c.id, c]),
  );
  const clauseData = snapshot.clauses.map((c, index) => {
    const old = oldClauses.get(c.key);
    const template = c.templateId ? library.clauses.get(c.templateId) : undefined;
    const fromTemplate = template ? draftClauseFromTemplate(template, agreement.documentType) : undefined;
    return {
      previousKey: c.key,
      templateId: c.templateId,
      templateVersion: c.templateVersion,
      section: c.section,
      position: index,
      title: c.title,
      body: c.text,
      modified: c.modified,
      bouwsteen: old?.bouwsteen ?? fromTemplate?.bouwsteen ?? null,
      variables: old?.variables ?? fromTemplate?.variables ?? "[]",
      commitments: old?.commitments ?? fromTemplate?.commitments ?? "[]",
    };
  });
  const defs = clauseData.flatMap((c) => JSON.parse(c.variables) as VariableDef[]);
  const values = moveValuesOn(snapshot.values, defs, yearsOn);
  const namesByRole: Record<string, string[]> = {};
  for (const p of agreement.parties) (namesByRole[p.partyRole] ??= []).push(p.organisation.name);
  const title = renderDocumentTitle(type, { schoolYear: targetYear, years: agreement.yearCount, parties: namesByRole }).replace(/\s+/g, " ").trim();
  const openCommitments = await db.commitment.findMany({
    where: { agreementId: agreement.id, status: { in: [...OPEN_STATUSES] } },
    include: { roles: { include: { party: true } }, bearer: true },
  });

  return db.$transaction(async (tx) => {
    // Checked in the transaction that creates it: renewing twice (or after
    // "new agreement" for next year) opens the existing one instead.
    await refuseSameAgreement(tx, sameKey, alreadyRenewed);
    const renewed = await tx.agreement.create({
      data: {
        documentType: agreement.documentType,
        reference: await allocateAgreementReference(tx, { documentType: agreement.documentType, schoolYear: targetYear }),
        title,
        schoolYear: targetYear,
        yearCount: agreement.yearCount,
        educationLevel: agreement.educationLevel,
        signingOrder: agreement.signingOrder,
        reminderFirstDays: agreement.reminderFirstDays,
        reminderIntervalDays: agreement.reminderIntervalDays,
        reminderMax: agreement.reminderMax,
        renewedFromId: agreement.id,
        createdById: user.id,
        draftValues: JSON.stringify(values),
        parties: {
          // As for a new agreement: the renewer's organisation accepts, the others are invited again.
          create: agreement.parties.map((p) =>
            actsFor(user.memberships, p.organisationId)
              ? { organisationId: p.organisationId, partyRole: p.partyRole, position: p.position, status: PARTY_STATUS.accepted, acceptedAt: now, acceptedById: user.id }
              : { organisationId: p.organisationId, partyRole: p.partyRole, position: p.position, status: PARTY_STATUS.invited },
          ),
        },
      },
      include: { parties: true },
    });
    const partyId = (role: string, organisationId?: string) =>
      renewed.parties.find((p) => p.partyRole === role && (!organisationId || p.organisationId === organisationId))?.id;
    const newKeys = new Map<string, string>();
    for (const c of clauseData) {
      const created = await tx.draftClause.create({ data: { ...c, agreementId: renewed.id } });
      newKeys.set(c.previousKey, created.id);
    }
    // Last year's signatories come back: confirmed for the renewer's own party,
    // proposed (to be confirmed by a member) for the others.
    for (const s of snapshot.signatories) {
      const id = partyId(s.partyRole, s.organisationId);
      if (id) {
        const own = actsFor(user.memberships, s.organisationId);
        await tx.signatory.create({
          data: {
            agreementId: renewed.id,
            partyId: id,
            name: s.name,
            functionTitle: s.functionTitle,
            email: s.email,
            kind: s.kind,
            position: s.position,
            namedById: user.id,
            ...(own ? { status: SIGNATORY_STATUS.confirmed, confirmedById: user.id, confirmedAt: now } : { status: SIGNATORY_STATUS.proposed }),
          },
        });
      }
    }
    await noticeOtherParties(tx, { event: "invited", agreementId: renewed.id, key: renewed.id, now, actorUserId: user.id, who: user.name });
    for (const c of openCommitments) {
      const [oldClauseKey, commitmentKey] = (c.snapshotKey ?? "").split(":");
      const newClauseKey = oldClauseKey ? newKeys.get(oldClauseKey) : undefined;
      await tx.commitment.create({
        data: {
          agreementId: renewed.id,
          what: c.what,
          howMeasured: c.howMeasured,
          cadence: c.cadence,
          status: "gepland",
          clauseTemplateId: c.clauseTemplateId,
          templateCommitmentId: c.templateCommitmentId,
          snapshotKey: newClauseKey && commitmentKey ? `${newClauseKey}:${commitmentKey}` : null,
          carriedOverFromId: c.id,
          bearerPartyId: c.bearer ? partyId(c.bearer.partyRole, c.bearer.organisationId) ?? null : null,
          roles: {
            create: c.roles
              .map((r) => ({ partyId: partyId(r.party.partyRole, r.party.organisationId), rasci: r.rasci }))
              .filter((r): r is { partyId: string; rasci: string } => Boolean(r.partyId)),
          },
          statusChanges: {
            create: { toStatus: "gepland", changedById: user.id, note: `Overgenomen van schooljaar ${agreement.schoolYear} (was: ${c.status.replace("_", " ")}).` },
          },
        },
      });
    }
    await recordAuditEvent({ ...options.audit, actorUserId: user.id, action: "agreement.renewed", agreementId: agreement.id, data: { renewedId: renewed.id, schoolYear: targetYear } }, tx);
    await recordAuditEvent({ ...options.audit, actorUserId: user.id, action: "agreement.created", agreementId: renewed.id, data: { title, renewedFrom: agreement.id } }, tx);
    return renewed;
  });
}
