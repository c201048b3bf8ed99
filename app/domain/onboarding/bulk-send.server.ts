// Sending the engagementsverklaring to many schools at once. For each school:
// createAgreement → saveDraftValues → addSignatory (school, then the service)
// → freezeDraft → startSigning, all in one transaction (a DraftWork: no step
// reloads what the one before it wrote), then the invitation mails.
// When a school fails, its steps are redone one transaction each, as the
// agreement screens do them: it keeps what it got up to the failing step (the
// concept) and the step's own error. The work runs in the background as a
// school job (domain/jobs): audit events "bulk.started", one "bulk.school-sent"
// or "bulk.school-failed" per school, "bulk.finished".
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { getDocumentType, templateLibrary } from "~/domain/templates/document-types.server";
import type { AuditContext } from "~/domain/audit/record-audit-event.server";
import type { Tx } from "~/utils/transaction.server";
import { workOnNewDraft } from "~/domain/drafting/draft-work.server";
import { addSignatory, saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { mailInvitations, startSigning } from "~/domain/signing/send-for-signing.server";
import { freezeDraft, IncompleteDraftError } from "~/domain/versions/freeze-draft.server";
import { coversSchoolYear } from "~/domain/onboarding/school-status";
import { db } from "~/utils/db.server";
import { AppError, invalidInput } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { BULK_DOCUMENT_TYPE, bulkVariables, type BulkVariable, type SchoolSignatory } from "./bulk-values";
import {
  forgetFinishedSchoolJobs,
  schoolJobs,
  waitForSchoolJob,
  type SchoolJobResult,
  type SchoolJobState,
  type SchoolJobView,
  type SchoolWork,
} from "~/domain/jobs/school-jobs.server";
import { onboardingServices, requireService, serviceSchoolsWhere } from "./service-schools.server";

export const BULK_ACTIONS = {
  started: "bulk.started",
  sent: "bulk.school-sent",
  failed: "bulk.school-failed",
  finished: "bulk.finished",
} as const;

export const BULK_MAX_SCHOOLS = 500;

export type BulkSchoolResult = SchoolJobResult;
export type BulkJobState = SchoolJobState;

const bulkJobs = schoolJobs({
  actions: { started: BULK_ACTIONS.started, ok: BULK_ACTIONS.sent, failed: BULK_ACTIONS.failed, finished: BULK_ACTIONS.finished },
  ownerKey: "serviceId",
  visibleOwners: (user) => onboardingServices(user).map((s) => s.id),
  notFoundMessage: "Deze verzending bestaat niet.",
});

/** The variables of the engagementsverklaring's default clauses. */
export function engagementVariables(): BulkVariable[] {
  const type = getDocumentType(BULK_DOCUMENT_TYPE);
  return bulkVariables(type, templateLibrary().defaultClausesFor(BULK_DOCUMENT_TYPE));
}

export type BulkSendInput = {
  schoolYear: string;
  /** Per school: its signatory (and optionally a separate contact person). */
  schools: Array<{ schoolId: string; signatory: SchoolSignatory }>;
  /** Shared values (raw form strings), already checked with checkSharedValues. */
  shared: Record<string, string>;
  /** The signatory for the service (usually the coordinator). */
  serviceSignatory: Omit<SchoolSignatory, "contact">;
};

/**
 * Checks the schools (they must be schools of the user's service), records the
 * job and starts it in the background. Returns the job id at once.
 */
export async function startBulkSend(options: {
  user: SessionUser;
  serviceId?: string | null;
  input: BulkSendInput;
  audit: AuditContext;
}): Promise<{ jobId: string; done: Promise<void> }> {
  const { user, input } = options;
  const service = requireService(user, options.serviceId);
  if (input.schools.length === 0) throw invalidInput("Kies minstens één school.", "schools");
  if (input.schools.length > BULK_MAX_SCHOOLS) throw invalidInput(`Kies hoogstens ${BULK_MAX_SCHOOLS} scholen per keer.`, "schools");
  const ids = [...new Set(input.schools.map((s) => s.schoolId))];
  if (ids.length !== input.schools.length) throw invalidInput("Elke school mag maar één keer in de lijst staan.", "schools");

  // ids: at most BULK_MAX_SCHOOLS, checked above.
  const schools = await db.organisation.findMany({ where: { AND: [serviceSchoolsWhere(service.id), { id: { in: ids } }] }, select: { id: true, name: true } });
  if (schools.length !== ids.length) throw invalidInput("Een van de gekozen scholen hoort niet bij uw brugfigurenwerking.", "schools");
  const names = new Map(schools.map((s) => [s.id, s.name]));

  return bulkJobs.start({
    user,
    owner: service,
    schoolYear: input.schoolYear,
    schools: input.schools.map((s) => ({ id: s.schoolId, name: names.get(s.schoolId) ?? "" })),
    audit: options.audit,
    data: { documentType: BULK_DOCUMENT_TYPE },
    prepare: () => prepareSend({ service, user, input, audit: options.audit }),
  });
}

type SendContext = { service: { id: string; name: string }; user: SessionUser; input: BulkSendInput; audit: AuditContext };

/** Loads what all schools need in one query; returns the work for one school. */
async function prepareSend(ctx: SendContext): Promise<SchoolWork> {
  const { service, user, input, audit } = ctx;
  const defs = engagementVariables();
  const perSchoolNames = defs.filter((d) => d.perSchool).map((d) => d.name);
  const serviceSideNames = defs.filter((d) => d.type === "partyPerson" && d.partyRole !== "school").map((d) => d.name);

  // One query for all schools: which already have an engagementsverklaring with this service running that year.
  const candidates = await db.agreement.findMany({
    where: {
      documentType: BULK_DOCUMENT_TYPE,
      status: { notIn: ["gearchiveerd", "geweigerd", "verlopen"] },
      AND: [{ parties: { some: { organisationId: service.id } } }, { parties: { some: { organisationId: { in: input.schools.map((s) => s.schoolId) } } } }],
    },
    select: { id: true, status: true, schoolYear: true, yearCount: true, parties: { select: { organisationId: true } } },
  });
  const existing = candidates.filter((a) => coversSchoolYear(a, input.schoolYear));
  const existingBySchool = new Map<string, { id: string }>();
  for (const agreement of existing) {
    for (const party of agreement.parties) existingBySchool.set(party.organisationId, agreement);
  }

  return async (school, index) => {
    const row = input.schools[index]!;
    const already = existingBySchool.get(row.schoolId);
    if (already) {
      return {
        ok: false,
        message: `Deze school heeft al een engagementsverklaring voor ${input.schoolYear}. Er werd niets nieuws gemaakt.`,
        agreementId: already.id,
      };
    }
    const values: Record<string, string> = { ...input.shared };
    for (const name of perSchoolNames) values[name] = row.signatory.contact ?? row.signatory.name;
    for (const name of serviceSideNames) if (!values[name]) values[name] = input.serviceSignatory.name;
    return sendOne({ service, schoolYear: input.schoolYear, user, school, values, signatory: row.signatory, serviceSignatory: input.serviceSignatory, audit });
  };
}

type SendOneOptions = {
  service: { id: string; name: string };
  schoolYear: string;
  user: SessionUser;
  school: { id: string; name: string };
  values: Record<string, string>;
  signatory: SchoolSignatory;
  serviceSignatory: Omit<SchoolSignatory, "contact">;
  audit: AuditContext;
};

async function sendOne(options: SendOneOptions): Promise<Omit<BulkSchoolResult, "schoolId" | "schoolName">> {
  const { school } = options;
  let agreementId: string | null = null;
  try {
    let started: Awaited<ReturnType<typeof draftAndStartSigning>>;
    try {
      started = await db.$transaction((tx) => draftAndStartSigning(options, tx), { maxWait: 30_000, timeout: 60_000 });
    } catch (error) {
      // Nothing of this school was stored: redo it step by step (see the top of this file).
      console.warn(`bulk: school ${school.id} is redone step by step:`, error instanceof AppError ? error.message : error);
      started = await draftAndStartSigning(options, undefined, (id) => (agreementId = id));
    }
    agreementId = started.agreementId;
    const { failed } = await mailInvitations(started.invitations, started.now);
    const invited = started.invitations.map((i) => i.signatory.email);
    const warning = failed.length > 0 ? ` De e-mail naar ${failed.join(", ")} kon nog niet vertrekken; ze wordt vanzelf opnieuw geprobeerd.` : "";
    return {
      ok: true,
      message: `Verstuurd naar ${invited.join(" en ")}.${warning}`,
      agreementId,
    };
  } catch (error) {
    let message: string;
    if (error instanceof IncompleteDraftError) message = `Het concept is niet volledig: ${error.missing.slice(0, 3).join("; ")}.`;
    else if (error instanceof AppError) message = error.message;
    else {
      console.error(`bulk: school ${school.id} failed`, error);
      message = "Er ging iets mis bij deze school.";
    }
    if (agreementId) message += " Het concept staat klaar: werk het af en verstuur het vanuit de overeenkomst.";
    return { ok: false, message, agreementId };
  }
}

/**
 * The steps for one school, in `tx` when given (a DraftWork: no step reloads
 * what the one before it wrote), else each in a transaction of its own.
 * Returns the invitations to mail once everything has committed.
 */
async function draftAndStartSigning(options: SendOneOptions, tx: Tx | undefined, onCreated?: (agreementId: string) => void) {
  const { service, user, school, audit } = options;
  const created = await createAgreement({
    user,
    input: { documentType: BULK_DOCUMENT_TYPE, schoolYear: options.schoolYear, ownOrganisationId: service.id, counterpartOrganisationId: school.id },
    audit,
    tx,
  });
  const agreementId = created.id;
  onCreated?.(agreementId);
  const ctx = { user, agreementId, audit, work: tx ? workOnNewDraft(tx, created) : undefined };
  let revision = created.draftRevision;
  const saved = await saveDraftValues({ ...ctx, revision, raw: options.values });
  if (!saved.ok) {
    const fields = Object.keys(saved.errors).join(", ");
    throw invalidInput(`Niet alle gegevens zijn geldig (${fields}).`);
  }
  revision += 1;
  const schoolParty = created.parties.find((p) => p.organisationId === school.id);
  const serviceParty = created.parties.find((p) => p.organisationId === service.id);
  if (!schoolParty || !serviceParty) throw new AppError("CONFLICT", "De partijen van de overeenkomst kloppen niet.");
  await addSignatory({
    ...ctx,
    revision,
    input: {
      partyId: schoolParty.id,
      name: options.signatory.name,
      functionTitle: options.signatory.functionTitle,
      email: options.signatory.email,
      kind: "signer",
    },
  });
  revision += 1;
  await addSignatory({
    ...ctx,
    revision,
    input: { partyId: serviceParty.id, ...options.serviceSignatory, kind: "signer" },
  });
  revision += 1;
  // The school was only invited and its signatory only proposed by the service:
  // the school accepts by signing (docs/decisions/001-parties-act-for-themselves.md).
  const version = await freezeDraft({ ...ctx, revision, acceptBySigning: true });
  const now = new Date();
  const started = await startSigning({ ...ctx, versionId: version.id, now, acceptBySigning: true });
  return { agreementId, invitations: started.invitations, now };
}

// ─── Reading a job ──────────────────────────────────────────────────────────

export type BulkJobView = Omit<SchoolJobView, "ownerName"> & { serviceName: string };

/** Waits until a job of this process is finished (tests, scripts). */
export const waitForBulkJob = waitForSchoolJob;

/**
 * A job the user may see: one of a service in which the user may onboard
 * schools. From memory while this process runs it, else from the audit events.
 */
export async function getBulkJob(options: { user: SessionUser; jobId: string }): Promise<BulkJobView> {
  const { ownerName, ...job } = await bulkJobs.get(options);
  return { ...job, serviceName: ownerName };
}

/** Forgets the finished jobs of this process, as after a restart (their audit events stay). For tests. */
export const forgetFinishedBulkJobs = forgetFinishedSchoolJobs;
