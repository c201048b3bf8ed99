import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bulkFormFields, bulkSchoolYears, schoolFieldName, SERVICE_FIELDS } from "~/domain/onboarding/bulk-form.server";
import { forgetFinishedBulkJobs, getBulkJob, waitForBulkJob } from "~/domain/onboarding/bulk-send.server";
import * as progressRoute from "~/routes/scholen.versturen.$jobId";
import * as bulkRoute from "~/routes/scholen.versturen._index";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { sampleRaw, sessionUserFor } from "../factories/drafts";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

// A failure injected in the middle of the pipeline: sending fails for schools
// whose name starts with "Faalschool" (their concept stays, the others go on).
// Inside the bulk's per-school transaction the agreement comes from its DraftWork
// (a query outside that transaction would wait for it to end).
vi.mock("~/domain/signing/send-for-signing.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("~/domain/signing/send-for-signing.server")>();
  return {
    ...original,
    startSigning: async (options: Parameters<typeof original.startSigning>[0]) => {
      const agreement =
        options.work?.agreement ?? (await db.agreement.findUniqueOrThrow({ where: { id: options.agreementId }, select: { title: true } }));
      if (agreement.title.includes("Faalschool")) throw new AppError("CONFLICT", "Versturen lukte niet (testfout).");
      return original.startSigning(options);
    },
  };
});

const outbox = mkdtempSync(path.join(os.tmpdir(), "akkoord-bulk-"));
beforeAll(() => {
  setTestEnv({ MAIL_TRANSPORT: "file", MAIL_OUTBOX_DIR: outbox });
});
afterAll(() => rmSync(outbox, { recursive: true, force: true }));

const SCHOOL_COUNT = 300;
const schoolYear = bulkSchoolYears()[0]!;

async function serviceWithSchools(count: number, names: (i: number) => string = (i) => `School ${String(i).padStart(3, "0")}`) {
  const service = await createOrganisation("brugfiguren", `Brugfiguren ${Math.random().toString(36).slice(2, 7)}`);
  const coordinator = await createUser([{ organisationId: service.id, role: "coordinator" }]);
  const schools = Array.from({ length: count }, (_, i) => ({
    id: `bulk-${service.id}-${i}`,
    kind: "school",
    name: names(i),
    municipality: i % 2 ? "Temse" : "Sint-Niklaas",
  }));
  await db.organisation.createMany({ data: schools });
  await db.serviceSchool.createMany({ data: schools.map((s) => ({ serviceId: service.id, schoolId: s.id, source: "csv" })) });
  return { service, coordinator, schools };
}

function sharedValues(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of bulkFormFields()) {
    values[`v:${f.name}`] = f.defaultValue || (f.required ? sampleRaw({ type: f.type, options: f.options ?? undefined } as never) : "");
  }
  return values;
}

function bulkForm(schools: Array<{ id: string }>, overrides: Record<string, string> = {}) {
  const form: Record<string, string | string[]> = {
    intent: "versturen",
    schoolYear,
    school: schools.map((s) => s.id),
    [SERVICE_FIELDS.name]: "Pieter Goossens",
    [SERVICE_FIELDS.functionTitle]: "coördinator brugfiguren",
    [SERVICE_FIELDS.email]: "coordinator@brug.example",
    ...sharedValues(),
  };
  schools.forEach((s, i) => {
    form[schoolFieldName(s.id, "name")] = `Directeur ${i}`;
    form[schoolFieldName(s.id, "functionTitle")] = "directeur";
    form[schoolFieldName(s.id, "email")] = `directie${i}@school${i}.example`;
  });
  return { ...form, ...overrides };
}

describe("sending the engagementsverklaring to many schools", () => {
  it(`${SCHOOL_COUNT} schools: progress is visible, every school gets a result, failures don't stop the others`, async () => {
    const names = (i: number) => (i === 17 || i === 250 ? `Faalschool ${i}` : `School ${String(i).padStart(3, "0")}`);
    const { service, coordinator, schools } = await serviceWithSchools(SCHOOL_COUNT, names);
    // Three schools already have an engagementsverklaring this year: reported, nothing new made.
    for (const school of schools.slice(40, 43)) {
      await db.agreement.create({
        data: {
          documentType: "engagementsverklaring-brugfiguren",
          title: `Bestaande verklaring ${school.name}`,
          schoolYear,
          parties: {
            create: [
              { organisationId: school.id, partyRole: "school", position: 0 },
              { organisationId: service.id, partyRole: "brugfiguren", position: 1 },
            ],
          },
        },
      });
    }

    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const started = Date.now();
    const response = await callRoute(bulkRoute.action, await signedInRequest(coordinator.id, "/scholen/versturen", { form: bulkForm(schools) }));
    expect(response.status).toBe(302);
    const jobId = response.location!.split("/").pop()!;
    expect(response.location).toBe(`/scholen/versturen/${jobId}`);

    // The progress page, as the browser reloads it, while the job runs.
    const seen: number[] = [];
    let page: { job: { state: string; done: number; total: number } } | undefined;
    const progressRequest = await signedInRequest(coordinator.id, `/scholen/versturen/${jobId}`);
    for (;;) {
      const result = await callRoute(progressRoute.loader, progressRequest.clone(), { jobId });
      expect(result.status).toBe(200);
      page = result.data as typeof page;
      seen.push(page!.job.done);
      if (page!.job.state !== "bezig") break;
      const meta = progressRoute.meta({ data: page } as never);
      expect(meta).toContainEqual({ httpEquiv: "refresh", content: "2" });
      await new Promise((r) => setTimeout(r, 250));
    }
    await waitForBulkJob(jobId);
    const elapsed = Date.now() - started;
    // Every school is done in one transaction; only the two that fail are redone step by step.
    const redone = warn.mock.calls.filter(([message]) => String(message).includes("redone step by step"));
    warn.mockRestore();
    expect(redone.map(([message]) => String(message).replace(/.*school (\S+) .*/, "$1")).sort()).toEqual([schools[17]!.id, schools[250]!.id].sort());

    expect(page!.job).toMatchObject({ state: "klaar", done: SCHOOL_COUNT, total: SCHOOL_COUNT });
    expect(seen.some((n) => n > 0 && n < SCHOOL_COUNT)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(progressRoute.meta({ data: page } as never)).not.toContainEqual({ httpEquiv: "refresh", content: "2" });

    const user = await sessionUserFor(coordinator.id);
    const job = await getBulkJob({ user, jobId });
    expect(job).toMatchObject({ okCount: SCHOOL_COUNT - 5, failedCount: 5 });
    const failed = job.results.filter((r) => !r.ok);
    expect(failed.map((r) => r.schoolName).sort()).toEqual(["Faalschool 17", "Faalschool 250", "School 040", "School 041", "School 042"]);
    expect(failed.find((r) => r.schoolName === "School 040")!.message).toContain("heeft al een engagementsverklaring");
    expect(failed.find((r) => r.schoolName === "Faalschool 17")!.message).toContain("Versturen lukte niet");
    expect(failed.find((r) => r.schoolName === "Faalschool 17")!.agreementId).not.toBeNull();

    // What the schools got: an agreement in "ter ondertekening", two signers each, the mails.
    const sent = await db.agreement.count({
      where: { documentType: "engagementsverklaring-brugfiguren", status: "ter_ondertekening", parties: { some: { organisationId: service.id } } },
    });
    expect(sent).toBe(SCHOOL_COUNT - 5);
    const requests = await db.signingRequest.count({ where: { version: { agreement: { parties: { some: { organisationId: service.id } } } } } });
    expect(requests).toBe((SCHOOL_COUNT - 5) * 2);
    const sample = await db.agreement.findFirstOrThrow({
      where: { parties: { some: { organisationId: schools[5]!.id } }, documentType: "engagementsverklaring-brugfiguren" },
      include: { signatories: true, parties: true },
    });
    expect(sample.signatories.map((s) => s.email).sort()).toEqual(["coordinator@brug.example", "directie5@school5.example"]);
    // The school accepts by signing: until then it is invited and its signer only proposed by the service.
    expect(sample.parties.find((p) => p.organisationId === schools[5]!.id)!.status).toBe("uitgenodigd");
    expect(Object.fromEntries(sample.signatories.map((s) => [s.email, s.status]))).toEqual({
      "coordinator@brug.example": "bevestigd",
      "directie5@school5.example": "voorgesteld",
    });
    expect(JSON.parse(sample.draftValues)).toMatchObject({ aanspreekpuntSchool: "Directeur 5" });
    expect(readdirSync(outbox).filter((f) => f.endsWith(".eml")).length).toBe((SCHOOL_COUNT - 5) * 2);

    // Each step left its audit event, once: a sent school all of them, a school
    // whose sending failed those up to freezing (its failed first attempt left nothing).
    const actionsOf = async (agreementId: string) =>
      (await db.auditEvent.findMany({ where: { agreementId }, select: { action: true } })).map((e) => e.action).sort();
    const drafted = ["agreement.created", "draft.signatory-added", "draft.signatory-added", "draft.values-saved", "version.frozen"];
    expect(await actionsOf(sample.id)).toEqual(
      [...drafted, "bulk.school-sent", "signing.invited", "signing.invited", "signing.sent"].sort()
    );
    const failedConcept = failed.find((r) => r.schoolName === "Faalschool 17")!.agreementId!;
    expect(await actionsOf(failedConcept)).toEqual([...drafted, "bulk.school-failed"].sort());
    expect(await db.agreement.findUniqueOrThrow({ where: { id: failedConcept }, select: { status: true } })).toEqual({ status: "concept" });
    expect(await db.agreementVersion.findMany({ where: { agreementId: failedConcept }, select: { number: true, status: true } })).toEqual([
      { number: 1, status: "concept" },
    ]);
    expect(await db.signatory.count({ where: { agreementId: failedConcept } })).toBe(2);
    expect(await db.agreement.count({ where: { parties: { some: { organisationId: schools[17]!.id } } } })).toBe(1);

    // The result survives a restart: read back from the audit events.
    forgetFinishedBulkJobs();
    const persisted = await getBulkJob({ user, jobId });
    expect(persisted).toMatchObject({ state: "klaar", done: SCHOOL_COUNT, okCount: SCHOOL_COUNT - 5, failedCount: 5 });

    // Another service's coordinator doesn't see it.
    const other = await createOrganisation("brugfiguren");
    const stranger = await createUser([{ organisationId: other.id, role: "coordinator" }]);
    expect((await callRoute(progressRoute.loader, await signedInRequest(stranger.id, `/scholen/versturen/${jobId}`), { jobId })).status).toBe(404);

    console.info(`bulk: ${SCHOOL_COUNT} schools in ${(elapsed / 1000).toFixed(1)} s`);
  }, 600_000);

  it("bad input: errors next to the fields (400), nothing created, no job", async () => {
    const { service, coordinator, schools } = await serviceWithSchools(3);
    const form = bulkForm(schools, {
      [schoolFieldName(schools[1]!.id, "email")]: "geen-adres",
      [schoolFieldName(schools[2]!.id, "name")]: "",
      "v:urenPerWeek": "veel",
      "v:visieWerking": "",
      [SERVICE_FIELDS.email]: "",
    });
    const result = await callRoute(bulkRoute.action, await signedInRequest(coordinator.id, "/scholen/versturen", { form }));
    expect(result.status).toBe(400);
    expect((result.data as { errors: Record<string, string> }).errors).toMatchObject({
      [schoolFieldName(schools[1]!.id, "email")]: "Vul een geldig e-mailadres in.",
      [schoolFieldName(schools[2]!.id, "name")]: expect.stringContaining("naam"),
      "v:urenPerWeek": expect.stringContaining("getal"),
      "v:visieWerking": "Vul dit veld in.",
      [SERVICE_FIELDS.email]: expect.any(String),
    });
    expect(await db.agreement.count({ where: { parties: { some: { organisationId: service.id } } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "bulk.started", data: { contains: service.id } } })).toBe(0);
  });

  it("schools of another service can't be slipped in (400), and a non-coordinator gets 403", async () => {
    const { coordinator, schools } = await serviceWithSchools(2);
    const foreign = await serviceWithSchools(1);
    const result = await callRoute(
      bulkRoute.action,
      await signedInRequest(coordinator.id, "/scholen/versturen", { form: bulkForm([...schools, ...foreign.schools]) })
    );
    expect(result.status).toBe(400);
    const school = await createOrganisation("school");
    const directie = await createUser([{ organisationId: school.id, role: "directie" }]);
    expect((await callRoute(bulkRoute.action, await signedInRequest(directie.id, "/scholen/versturen", { form: bulkForm(schools) }))).status).toBe(403);
  });

  it("step 2 is prefilled and per-school signatories can come from a CSV", async () => {
    const { coordinator, schools } = await serviceWithSchools(2);
    await db.organisation.update({ where: { id: schools[0]!.id }, data: { instellingsnummer: "712345" } });
    const chosen = await callRoute(
      bulkRoute.action,
      await signedInRequest(coordinator.id, "/scholen/versturen", { form: { intent: "kies", schoolYear, school: schools.map((s) => s.id) } })
    );
    expect(chosen.status).toBe(200);
    const step2 = chosen.data as { step: string; values: Record<string, string>; schools: unknown[] };
    expect(step2.step).toBe("gegevens");
    expect(step2.schools).toHaveLength(2);
    expect(step2.values["v:beslisser"]).toBe("de stuurgroep van de brugfigurenwerking");

    const csv = "\uFEFFInstellingsnummer;Naam;Functie;E-mail\r\n712345;Els Vermeulen;directeur;els@school.example\r\n";
    const fromCsv = await callRoute(
      bulkRoute.action,
      await signedInRequest(coordinator.id, "/scholen/versturen", {
        form: { intent: "csv", schoolYear, school: schools.map((s) => s.id), ondertekenaars: csv },
      })
    );
    const filled = fromCsv.data as { values: Record<string, string>; info: string };
    expect(filled.values[schoolFieldName(schools[0]!.id, "email")]).toBe("els@school.example");
    expect(filled.info).toContain("1 van de 2");
  });
});
