// A job that works through a list of schools in the background, one school
// after the other, for one organisation (a brugfiguren service sending
// engagementsverklaringen, a CLB renewing its afsprakennota's, …). A failure
// at one school is reported and the others go on; each school's work keeps its
// own transaction(s), so nothing of a failed school is half-made.
//
// No table for jobs: the job lives in memory while it runs, and every step that
// matters is also an audit event (started, one "school done" or "school failed"
// per school, finished), so the result page still works after a restart (a job
// cut off by a restart shows as "onderbroken").
import { randomUUID } from "node:crypto";
import { jsonFieldFilter, parseData } from "~/domain/audit/audit-data";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

export type SchoolJobResult = {
  schoolId: string;
  schoolName: string;
  ok: boolean;
  message: string;
  agreementId: string | null;
};

export type SchoolJobState = "bezig" | "klaar" | "onderbroken";

export type SchoolJobView = {
  id: string;
  /** The organisation the job works for. */
  ownerName: string;
  schoolYear: string;
  startedAt: Date;
  total: number;
  done: number;
  okCount: number;
  failedCount: number;
  state: SchoolJobState;
  results: SchoolJobResult[];
};

export type JobSchool = { id: string; name: string };

/** Does the work for one school; a thrown error stops the job (catch per school). */
export type SchoolWork = (school: JobSchool, index: number) => Promise<Omit<SchoolJobResult, "schoolId" | "schoolName">>;

type Job = {
  id: string;
  kind: string;
  ownerId: string;
  ownerName: string;
  schoolYear: string;
  startedAt: Date;
  schools: JobSchool[];
  results: SchoolJobResult[];
  finished: boolean;
  done: Promise<void>;
};

export type SchoolJobKind = {
  /** The audit actions of this kind of job. */
  actions: { started: string; ok: string; failed: string; finished: string };
  /** The key under which the started event names the owner organisation. */
  ownerKey: string;
  /** The organisations whose jobs the user may see. */
  visibleOwners: (user: SessionUser) => string[];
  notFoundMessage: string;
};

// Jobs of this process, kept across dev-server reloads like the database client.
const globalJobs = globalThis as unknown as {
  __akkoordSchoolJobs?: Map<string, Job>;
};
const jobs: Map<string, Job> = (globalJobs.__akkoordSchoolJobs ??= new Map());

/** Lets the server answer other requests between two schools. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The job runner of one kind of job. */
export function schoolJobs(kind: SchoolJobKind) {
  const kindName = kind.actions.started;

  /**
   * Records the job and starts it in the background; returns the job id at once.
   * `prepare` runs in the background too and returns the work for one school
   * (it may load what all schools need in one query).
   */
  async function start(options: {
    user: SessionUser;
    owner: { id: string; name: string };
    schoolYear: string;
    schools: JobSchool[];
    audit: AuditContext;
    /** More data for the started event. */
    data?: Record<string, unknown>;
    prepare: () => Promise<SchoolWork>;
  }): Promise<{ jobId: string; done: Promise<void> }> {
    const { user, audit } = options;
    const job: Job = {
      id: randomUUID(),
      kind: kindName,
      ownerId: options.owner.id,
      ownerName: options.owner.name,
      schoolYear: options.schoolYear,
      startedAt: new Date(),
      schools: options.schools,
      results: [],
      finished: false,
      done: Promise.resolve(),
    };
    await db.$transaction((tx) =>
      recordAuditEvent(
        {
          ...audit,
          actorUserId: user.id,
          action: kind.actions.started,
          data: {
            jobId: job.id,
            [kind.ownerKey]: job.ownerId,
            ...options.data,
            schoolYear: job.schoolYear,
            total: job.schools.length,
            schoolIds: job.schools.map((s) => s.id),
          },
        },
        tx
      )
    );
    forgetOldJobs();
    jobs.set(job.id, job);
    job.done = run(job, user, audit, options.prepare).catch((error) => {
      console.error(`${kindName} ${job.id}: stopped`, error);
    });
    return { jobId: job.id, done: job.done };
  }

  async function run(job: Job, user: SessionUser, audit: AuditContext, prepare: () => Promise<SchoolWork>) {
    const work = await prepare();
    for (const [index, school] of job.schools.entries()) {
      const result: SchoolJobResult = {
        schoolId: school.id,
        schoolName: school.name,
        ...(await work(school, index)),
      };
      job.results.push(result);
      await db.$transaction((tx) =>
        recordAuditEvent(
          {
            ...audit,
            actorUserId: user.id,
            action: result.ok ? kind.actions.ok : kind.actions.failed,
            agreementId: result.agreementId,
            data: {
              jobId: job.id,
              schoolId: school.id,
              message: result.message,
            },
          },
          tx
        )
      );
      await yieldToEventLoop();
    }
    job.finished = true;
    const ok = job.results.filter((r) => r.ok).length;
    await db.$transaction((tx) =>
      recordAuditEvent(
        {
          ...audit,
          actorUserId: user.id,
          action: kind.actions.finished,
          data: { jobId: job.id, ok, failed: job.results.length - ok },
        },
        tx
      )
    );
  }

  /** A job the user may see: from memory while this process runs it, else from the audit events. */
  async function get(options: { user: SessionUser; jobId: string }): Promise<SchoolJobView> {
    const owners = kind.visibleOwners(options.user);
    const live = jobs.get(options.jobId);
    if (live && live.kind === kindName) {
      if (!owners.includes(live.ownerId)) throw notFound(kind.notFoundMessage);
      return view(live);
    }
    if (!/^[0-9a-f-]{36}$/.test(options.jobId)) throw notFound(kind.notFoundMessage);
    const events = await db.auditEvent.findMany({
      where: {
        action: { in: Object.values(kind.actions) },
        data: jsonFieldFilter("jobId", options.jobId),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, data: true, agreementId: true, createdAt: true },
    });
    const started = events.find((e) => e.action === kind.actions.started);
    const startData = parseData(started?.data ?? null);
    const ownerId = startData[kind.ownerKey];
    if (!started || typeof ownerId !== "string" || !owners.includes(ownerId)) throw notFound(kind.notFoundMessage);
    const resultEvents = events.filter((e) => e.action === kind.actions.ok || e.action === kind.actions.failed);
    const schoolIds = resultEvents.map((e) => String(parseData(e.data).schoolId ?? ""));
    const [schools, owner] = await Promise.all([
      // The schools this job handled: at most the job's own list.
      db.organisation.findMany({
        where: { id: { in: schoolIds } },
        select: { id: true, name: true },
      }),
      db.organisation.findUnique({
        where: { id: ownerId },
        select: { name: true },
      }),
    ]);
    const names = new Map(schools.map((s) => [s.id, s.name]));
    const results = resultEvents.map((e): SchoolJobResult => {
      const data = parseData(e.data);
      const schoolId = String(data.schoolId ?? "");
      return {
        schoolId,
        schoolName: names.get(schoolId) ?? "",
        ok: e.action === kind.actions.ok,
        message: String(data.message ?? ""),
        agreementId: e.agreementId,
      };
    });
    const okCount = results.filter((r) => r.ok).length;
    return {
      id: options.jobId,
      ownerName: owner?.name ?? "",
      schoolYear: String(startData.schoolYear ?? ""),
      startedAt: started.createdAt,
      total: Number(startData.total ?? results.length),
      done: results.length,
      okCount,
      failedCount: results.length - okCount,
      state: events.some((e) => e.action === kind.actions.finished) ? "klaar" : "onderbroken",
      results,
    };
  }

  return { start, get };
}

function view(job: Job): SchoolJobView {
  const okCount = job.results.filter((r) => r.ok).length;
  return {
    id: job.id,
    ownerName: job.ownerName,
    schoolYear: job.schoolYear,
    startedAt: job.startedAt,
    total: job.schools.length,
    done: job.results.length,
    okCount,
    failedCount: job.results.length - okCount,
    state: job.finished ? "klaar" : "bezig",
    results: [...job.results],
  };
}

/** Waits until a job of this process is finished (tests, scripts). */
export async function waitForSchoolJob(jobId: string): Promise<void> {
  await jobs.get(jobId)?.done;
}

/** Finished jobs leave memory after a day; their audit events stay. */
function forgetOldJobs(now = Date.now()): void {
  for (const [id, job] of jobs) if (job.finished && now - job.startedAt.getTime() > 86_400_000) jobs.delete(id);
}

/** Forgets the finished jobs of this process, as after a restart (their audit events stay). For tests. */
export function forgetFinishedSchoolJobs(): void {
  for (const [id, job] of jobs) if (job.finished) jobs.delete(id);
}
