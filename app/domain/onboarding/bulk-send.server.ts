// Sending the engagementsverklaring to many schools at once. For each school:
// createAgreement → saveDraftValues → addSignatory (school, then the service)
// → freezeDraft → startSigning, all in one transaction (a DraftWork: no step
// reloads what the one before it wrote), then the invitation mails.
// When a school fails, its steps are redone one transaction each, as the
// agreement screens do them: it keeps what it got up to the failing step (the
// concept) and the step's own error. The work runs in the background inside
// the server process; a failure at one school is reported and the others go on.
//
// No table for jobs: the job lives in memory while it runs, and every step that
// matters is also an audit event ("bulk.started", one "bulk.school-sent" or
// "bulk.school-failed" per school, "bulk.finished"), so the result page still
// works after a restart (a job cut off by a restart shows as "onderbroken").
import { randomUUID } from "node:crypto";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { getDocumentType, templateLibrary } from "~/domain/agreements/document-types.server";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import type { Tx } from "~/domain/agreements/transaction.server";
import { workOnNewDraft } from "~/domain/drafting/draft-work.server";
import { addSignatory, saveDraftValues } from "~/domain/drafting/edit-draft.server";
import { mailInvitations, startSigning } from "~/domain/signing/send-for-signing.server";
import { freezeDraft, IncompleteDraftError } from "~/domain/versions/freeze-draft.server";
import { coversSchoolYear } from "~/domain/dashboards/status";
import { db } from "~/utils/db.server";
import { AppError, invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/utils/session.server";
import { BULK_DOCUMENT_TYPE, bulkVariables, type BulkVariable, type SchoolSignatory } from "./bulk-values";
import { jsonFieldFilter, onboardingServices, parseData, requireService, serviceSchoolsWhere } from "./service-schools.server";

export const BULK_ACTIONS = {
  started: "bulk.started",
  sent: "bulk.school-sent",
  failed: "bulk.school-failed",
  finished: "bulk.finished",
} as const;

export const BULK_MAX_SCHOOLS = 500;

export type BulkSchoolResult = {
  schoolId: string;
  schoolName: string;
  ok: boolean;
  message: string;
  agreementId: string | null;
};

export type BulkJobState = "bezig" | "klaar" | "onderbroken";

type Job = {
  id: string;
  serviceId: string;
  serviceName: string;
  schoolYear: string;
  startedById: string;
  startedAt: Date;
  total: number;
  schools: Array<{ id: string; name: string }>;
  results: BulkSchoolResult[];
  finished: boolean;
  done: Promise<void>;
};

// Jobs of this process, kept across dev-server reloads like the database client.
const globalJobs = globalThis as unknown as { __akkoordBulkJobs?: Map<string, Job> };
const jobs: Map<string, Job> = (globalJobs.__akkoordBulkJobs ??= new Map());

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

  const job: Job = {
    id: randomUUID(),
    serviceId: service.id,
    serviceName: service.name,
    schoolYear: input.schoolYear,
    startedById: user.id,
    startedAt: new Date(),
    total: ids.length,
    schools: input.schools.map((s) => ({ id: s.schoolId, name: names.get(s.schoolId) ?? "" })),
    results: [],
    finished: false,
    done: Promise.resolve(),
  };
  await db.$transaction((tx) =>
    recordAuditEvent(
      {
        ...options.audit,
        actorUserId: user.id,
        action: BULK_ACTIONS.started,
        data: { jobId: job.id, serviceId: service.id, documentType: BULK_DOCUMENT_TYPE, schoolYear: input.schoolYear, total: job.total, schoolIds: ids },
      },
      tx
    )
  );
  forgetOldJobs();
  jobs.set(job.id, job);
  job.done = runJob(job, user, input, options.audit).catch((error) => {
    console.error(`bulk ${job.id}: stopped`, error);
  });
  return { jobId: job.id, done: job.done };
}

/** Lets the server answer other requests between two schools. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function runJob(job: Job, user: SessionUser, input: BulkSendInput, audit: AuditContext) {
  const defs = engagementVariables();
  const perSchoolNames = defs.filter((d) => d.perSchool).map((d) => d.name);
  const serviceSideNames = defs.filter((d) => d.type === "partyPerson" && d.partyRole !== "school").map((d) => d.name);

  // One query for all schools: which already have an engagementsverklaring with this service running that year.
  const candidates = await db.agreement.findMany({
    where: {
      documentType: BULK_DOCUMENT_TYPE,
      status: { notIn: ["gearchiveerd", "geweigerd", "verlopen"] },
      AND: [{ parties: { some: { organisationId: job.serviceId } } }, { parties: { some: { organisationId: { in: job.schools.map((s) => s.id) } } } }],
    },
    select: { id: true, status: true, schoolYear: true, yearCount: true, parties: { select: { organisationId: true } } },
  });
  const existing = candidates.filter((a) => coversSchoolYear(a, input.schoolYear));
  const existingBySchool = new Map<string, { id: string }>();
  for (const agreement of existing) {
    for (const party of agreement.parties) existingBySchool.set(party.organisationId, agreement);
  }

  for (const [index, row] of input.schools.entries()) {
    const school = job.schools[index]!;
    let result: BulkSchoolResult;
    const already = existingBySchool.get(row.schoolId);
    if (already) {
      result = {
        schoolId: school.id,
        schoolName: school.name,
        ok: false,
        message: `Deze school heeft al een engagementsverklaring voor ${input.schoolYear}. Er werd niets nieuws gemaakt.`,
        agreementId: already.id,
      };
    } else {
      const values: Record<string, string> = { ...input.shared };
      for (const name of perSchoolNames) values[name] = row.signatory.contact ?? row.signatory.name;
      for (const name of serviceSideNames) if (!values[name]) values[name] = input.serviceSignatory.name;
      result = await sendOne({ job, user, school, values, signatory: row.signatory, serviceSignatory: input.serviceSignatory, audit });
    }
    job.results.push(result);
    await db.$transaction((tx) =>
      recordAuditEvent(
        {
          ...audit,
          actorUserId: user.id,
          action: result.ok ? BULK_ACTIONS.sent : BULK_ACTIONS.failed,
          agreementId: result.agreementId,
          data: { jobId: job.id, schoolId: school.id, message: result.message },
        },
        tx
      )
    );
    await yieldToEventLoop();
  }
  job.finished = true;
  const ok = job.results.filter((r) => r.ok).length;
  await db.$transaction((tx) =>
    recordAuditEvent({ ...audit, actorUserId: user.id, action: BULK_ACTIONS.finished, data: { jobId: job.id, ok, failed: job.results.length - ok } }, tx)
  );
}

type SendOneOptions = {
  job: Job;
  user: SessionUser;
  school: { id: string; name: string };
  values: Record<string, string>;
  signatory: SchoolSignatory;
  serviceSignatory: Omit<SchoolSignatory, "contact">;
  audit: AuditContext;
};

async function sendOne(options: SendOneOptions): Promise<BulkSchoolResult> {
  const { job, school } = options;
  let agreementId: string | null = null;
  try {
    let started: Awaited<ReturnType<typeof draftAndStartSigning>>;
    try {
      started = await db.$transaction((tx) => draftAndStartSigning(options, tx), { maxWait: 30_000, timeout: 60_000 });
    } catch (error) {
      // Nothing of this school was stored: redo it step by step (see the top of this file).
      console.warn(`bulk ${job.id}: school ${school.id} is redone step by step:`, error instanceof AppError ? error.message : error);
      started = await draftAndStartSigning(options, undefined, (id) => (agreementId = id));
    }
    agreementId = started.agreementId;
    const { failed } = await mailInvitations(started.invitations, started.now);
    const invited = started.invitations.map((i) => i.signatory.email);
    const warning = failed.length > 0 ? ` De e-mail naar ${failed.join(", ")} kon nog niet vertrekken; ze wordt vanzelf opnieuw geprobeerd.` : "";
    return {
      schoolId: school.id,
      schoolName: school.name,
      ok: true,
      message: `Verstuurd naar ${invited.join(" en ")}.${warning}`,
      agreementId,
    };
  } catch (error) {
    let message: string;
    if (error instanceof IncompleteDraftError) message = `Het concept is niet volledig: ${error.missing.slice(0, 3).join("; ")}.`;
    else if (error instanceof AppError) message = error.message;
    else {
      console.error(`bulk ${job.id}: school ${school.id} failed`, error);
      message = "Er ging iets mis bij deze school.";
    }
    if (agreementId) message += " Het concept staat klaar: werk het af en verstuur het vanuit de overeenkomst.";
    return { schoolId: school.id, schoolName: school.name, ok: false, message, agreementId };
  }
}

/**
 * The steps for one school, in `tx` when given (a DraftWork: no step reloads
 * what the one before it wrote), else each in a transaction of its own.
 * Returns the invitations to mail once everything has committed.
 */
async function draftAndStartSigning(options: SendOneOptions, tx: Tx | undefined, onCreated?: (agreementId: string) => void) {
  const { job, user, school, audit } = options;
  const created = await createAgreement({
    user,
    input: { documentType: BULK_DOCUMENT_TYPE, schoolYear: job.schoolYear, ownOrganisationId: job.serviceId, counterpartOrganisationId: school.id },
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
  const serviceParty = created.parties.find((p) => p.organisationId === job.serviceId);
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

export type BulkJobView = {
  id: string;
  serviceName: string;
  schoolYear: string;
  startedAt: Date;
  total: number;
  done: number;
  okCount: number;
  failedCount: number;
  state: BulkJobState;
  results: BulkSchoolResult[];
};

function view(job: Job): BulkJobView {
  const okCount = job.results.filter((r) => r.ok).length;
  return {
    id: job.id,
    serviceName: job.serviceName,
    schoolYear: job.schoolYear,
    startedAt: job.startedAt,
    total: job.total,
    done: job.results.length,
    okCount,
    failedCount: job.results.length - okCount,
    state: job.finished ? "klaar" : "bezig",
    results: [...job.results],
  };
}

/** Waits until a job of this process is finished (tests, scripts). */
export async function waitForBulkJob(jobId: string): Promise<void> {
  await jobs.get(jobId)?.done;
}

/**
 * A job the user may see: one of a service in which the user may onboard
 * schools. From memory while this process runs it, else from the audit events.
 */
export async function getBulkJob(options: { user: SessionUser; jobId: string }): Promise<BulkJobView> {
  const serviceIds = onboardingServices(options.user).map((s) => s.id);
  const live = jobs.get(options.jobId);
  if (live) {
    if (!serviceIds.includes(live.serviceId)) throw notFound("Deze verzending bestaat niet.");
    return view(live);
  }
  if (!/^[0-9a-f-]{36}$/.test(options.jobId)) throw notFound("Deze verzending bestaat niet.");
  const events = await db.auditEvent.findMany({
    where: { action: { in: Object.values(BULK_ACTIONS) }, data: jsonFieldFilter("jobId", options.jobId) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, data: true, agreementId: true, createdAt: true },
  });
  const started = events.find((e) => e.action === BULK_ACTIONS.started);
  const startData = parseData(started?.data ?? null);
  if (!started || typeof startData.serviceId !== "string" || !serviceIds.includes(startData.serviceId)) {
    throw notFound("Deze verzending bestaat niet.");
  }
  const resultEvents = events.filter((e) => e.action === BULK_ACTIONS.sent || e.action === BULK_ACTIONS.failed);
  const schoolIds = resultEvents.map((e) => String(parseData(e.data).schoolId ?? ""));
  const [schools, service] = await Promise.all([
    db.organisation.findMany({ where: { id: { in: schoolIds } }, select: { id: true, name: true } }),
    db.organisation.findUnique({ where: { id: startData.serviceId }, select: { name: true } }),
  ]);
  const names = new Map(schools.map((s) => [s.id, s.name]));
  const results = resultEvents.map((e): BulkSchoolResult => {
    const data = parseData(e.data);
    const schoolId = String(data.schoolId ?? "");
    return {
      schoolId,
      schoolName: names.get(schoolId) ?? "",
      ok: e.action === BULK_ACTIONS.sent,
      message: String(data.message ?? ""),
      agreementId: e.agreementId,
    };
  });
  const okCount = results.filter((r) => r.ok).length;
  return {
    id: options.jobId,
    serviceName: service?.name ?? "",
    schoolYear: String(startData.schoolYear ?? ""),
    startedAt: started.createdAt,
    total: Number(startData.total ?? results.length),
    done: results.length,
    okCount,
    failedCount: results.length - okCount,
    state: events.some((e) => e.action === BULK_ACTIONS.finished) ? "klaar" : "onderbroken",
    results,
  };
}

/** Finished jobs leave memory after a day; their audit events stay. */
function forgetOldJobs(now = Date.now()): void {
  for (const [id, job] of jobs) if (job.finished && now - job.startedAt.getTime() > 86_400_000) jobs.delete(id);
}

/** Forgets the finished jobs of this process, as after a restart (their audit events stay). For tests. */
export function forgetFinishedBulkJobs(): void {
  for (const [id, job] of jobs) if (job.finished) jobs.delete(id);
}
