// The bulk sending form: which schools, the signatory per school, the service's
// signatory and the values shared by all schools. Loads what the form shows and
// checks what comes back, field by field, before anything is written.
import { nextSchoolYear, parseSchoolYear, schoolYearOf } from "~/domain/calendar";
import { listServiceSchoolStatuses } from "./partner-school-statuses.server";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { defaultRawValue } from "~/domain/templates/variables";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";
import { engagementVariables, type BulkSendInput } from "./bulk-send.server";
import { schoolFieldName, SERVICE_FIELDS, type SchoolSignatoryField } from "./bulk-fields";
import { checkSharedValues, isAutoFillable, SchoolSignatorySchema, type BulkVariable } from "./bulk-values";
import { requireService } from "./service-schools.server";

export function bulkSchoolYears(now = new Date()): string[] {
  const current = schoolYearOf(brusselsDate(now));
  return [current, nextSchoolYear(current)];
}

export function isOfferedSchoolYear(value: string, now = new Date()): boolean {
  try {
    parseSchoolYear(value);
  } catch {
    return false;
  }
  return bulkSchoolYears(now).includes(value);
}

/** Step 1: the schools to pick from, with their status in the school year. */
export async function bulkSchoolChoices(options: { user: SessionUser; schoolYear: string }) {
  const service = requireService(options.user);
  const schools = await listServiceSchoolStatuses({ serviceId: service.id, schoolYear: options.schoolYear, currentSchoolYear: bulkSchoolYears()[0] });
  return { service, schools };
}

export type BulkFormSchool = {
  id: string;
  name: string;
  instellingsnummer: string | null;
  municipality: string | null;
  /** The school's signatory in its latest agreement, to suggest. */
  previous: { name: string; functionTitle: string; email: string } | null;
};

export type BulkFormField = {
  name: string;
  label: string;
  type: BulkVariable["type"];
  help: string | null;
  required: boolean;
  options: string[] | null;
  defaultValue: string;
  sectionId: string;
  sectionTitle: string;
};

/** Step 2: the chosen schools (all of the user's service) and the shared fields. */
export async function prepareBulkForm(options: { user: SessionUser; schoolIds: string[] }) {
  const service = requireService(options.user);
  const statuses = await listServiceSchoolStatuses({ serviceId: service.id, schoolYear: bulkSchoolYears()[0]! });
  const wanted = new Set(options.schoolIds);
  const chosen = statuses.filter((s) => wanted.has(s.id));
  const previous = await db.signatory.findMany({
    where: { kind: "signer", party: { organisationId: { in: chosen.map((s) => s.id) } } },
    orderBy: [{ agreement: { createdAt: "desc" } }, { id: "desc" }],
    select: { name: true, functionTitle: true, email: true, party: { select: { organisationId: true } } },
  });
  const latest = new Map<string, { name: string; functionTitle: string; email: string }>();
  for (const s of previous) {
    if (!latest.has(s.party.organisationId)) latest.set(s.party.organisationId, { name: s.name, functionTitle: s.functionTitle, email: s.email });
  }
  const schools: BulkFormSchool[] = chosen.map((s) => ({
    id: s.id,
    name: s.name,
    instellingsnummer: s.instellingsnummer,
    municipality: s.municipality,
    previous: latest.get(s.id) ?? null,
  }));
  const membership = options.user.memberships.find((m) => m.organisationId === service.id);
  return {
    service,
    schools,
    fields: bulkFormFields(),
    serviceSignatory: { name: options.user.name, functionTitle: membership?.functionTitle ?? "coördinator brugfiguren", email: options.user.email },
  };
}

export function bulkFormFields(): BulkFormField[] {
  return engagementVariables()
    .filter((v) => !v.perSchool && !v.automatic)
    .map((v) => ({
      name: v.name,
      label: v.label,
      type: v.type,
      help: v.help ?? (isAutoFillable(v) ? "Leeg laten: het schooljaar van de verklaring." : null),
      required: v.required !== false && !isAutoFillable(v),
      options: v.type === "choice" ? [...v.options] : null,
      defaultValue: defaultRawValue(v),
      sectionId: v.sectionId,
      sectionTitle: v.sectionTitle,
    }));
}

export { schoolFieldName, SERVICE_FIELDS };

export type BulkSubmission = { ok: true; input: BulkSendInput } | { ok: false; errors: Record<string, string>; message: string };

/** Checks the whole form; every problem comes back under its form field name. */
export function checkBulkSubmission(options: { schoolIds: string[]; schoolYear: string; values: Record<string, string> }): BulkSubmission {
  const { values } = options;
  const errors: Record<string, string> = {};
  if (options.schoolIds.length === 0) errors.schools = "Kies minstens één school.";
  if (!isOfferedSchoolYear(options.schoolYear)) errors.schoolYear = "Kies een schooljaar uit de lijst.";

  const schools: BulkSendInput["schools"] = [];
  for (const schoolId of options.schoolIds) {
    const raw = {
      name: values[schoolFieldName(schoolId, "name")] ?? "",
      functionTitle: values[schoolFieldName(schoolId, "functionTitle")] ?? "",
      email: values[schoolFieldName(schoolId, "email")] ?? "",
      contact: values[schoolFieldName(schoolId, "contact")] ?? "",
    };
    const parsed = SchoolSignatorySchema.safeParse(raw);
    if (parsed.success) schools.push({ schoolId, signatory: parsed.data });
    else {
      for (const [field, messages] of Object.entries(parsed.error.flatten().fieldErrors)) {
        if (messages?.[0]) errors[schoolFieldName(schoolId, field as SchoolSignatoryField)] = messages[0];
      }
    }
  }

  const service = SchoolSignatorySchema.omit({ contact: true }).safeParse({
    name: values[SERVICE_FIELDS.name] ?? "",
    functionTitle: values[SERVICE_FIELDS.functionTitle] ?? "",
    email: values[SERVICE_FIELDS.email] ?? "",
  });
  if (!service.success) {
    for (const [field, messages] of Object.entries(service.error.flatten().fieldErrors)) {
      if (messages?.[0]) errors[SERVICE_FIELDS[field as keyof typeof SERVICE_FIELDS]] = messages[0];
    }
  }

  const sharedRaw: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (key.startsWith("v:")) sharedRaw[key.slice(2)] = value;
  const shared = checkSharedValues(engagementVariables(), sharedRaw);
  if (!shared.ok) for (const [name, message] of Object.entries(shared.errors)) errors[`v:${name}`] = message;

  if (Object.keys(errors).length > 0 || !service.success || !shared.ok) {
    const count = Object.keys(errors).length;
    return {
      ok: false,
      errors,
      message: `Niet alles is goed ingevuld (${count} ${
        count === 1 ? "veld" : "velden"
      }). Verbeter de velden met een foutmelding; er werd nog niets verstuurd.`,
    };
  }
  return { ok: true, input: { schoolYear: options.schoolYear, schools, shared: shared.values, serviceSignatory: service.data } };
}
