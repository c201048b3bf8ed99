// A Flanders-scale dataset for the benchmarks, written straight into a
// migrated SQLite file with better-sqlite3: prepared statements in one
// transaction, no Prisma. Deterministic (seeded PRNG) for a given `now`.
//
// 3,500 schools, 45 CLBs, 300 brugfiguren services (each with its city as
// lokaal bestuur), three school years of agreements: an afsprakennota per
// school and year, an engagementsverklaring per school with a brugfiguren
// service and year, the engagementsverklaring towards parents, a
// samenwerkingsovereenkomst per city and year. Versions, signatories, signing
// requests and signatures for what was sent; ~12 commitments per agreement with
// RASCI roles; ~5 evaluation moments per agreement in force; audit events; an
// outbox history; 30% of the schools with 3–6 days off of their own in the
// current school year (and half the secondary-like ones an exam period). One
// coordinator's service works with 300 schools.
import { createHash, randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { addDays, checkDayOffRange, defaultEvaluationDates, isSchoolDay, schoolYearOf, type IsoDate } from "~/domain/calendar";
import { brusselsDate, brusselsWallTime } from "~/domain/reminders/brussels-time";
import { hashSnapshot } from "~/domain/versions/hash";
import type { VersionSnapshot } from "~/domain/versions/snapshot";

export const SCALE = {
  schools: 3_500,
  clbs: 45,
  services: 300,
  coordinatorSchools: 300,
  /** Schools of the other 299 services together. */
  otherServiceSchools: 1_700,
  years: 3,
} as const;

/** The share of schools with days off of their own (studiedagen, facultatieve vrije dagen, exams). */
const DAYS_OFF_SHARE = 0.3;

export type DatasetInfo = {
  file: string;
  coordinator: { userId: string; email: string; serviceId: string; serviceName: string };
  /** A user with memberships in one school (for signing-page-like reads). */
  schoolUserId: string;
  counts: Record<string, number>;
  seconds: number;
};

// ─── Small helpers ─────────────────────────────────────────────────────────

/** mulberry32: a tiny seeded PRNG, so a run makes the same data every time. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Prisma's DateTime text format with the better-sqlite3 adapter (iso8601). */
export const sqlDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

const MUNICIPALITIES = [
  "Antwerpen", "Gent", "Brugge", "Leuven", "Mechelen", "Aalst", "Kortrijk", "Hasselt", "Sint-Niklaas", "Oostende",
  "Genk", "Roeselare", "Turnhout", "Dendermonde", "Beveren", "Beringen", "Vilvoorde", "Lokeren", "Geel", "Herentals",
  "Lier", "Mol", "Tienen", "Ninove", "Waregem", "Ieper", "Deinze", "Brasschaat", "Halle", "Temse",
];

// ─── The generator ─────────────────────────────────────────────────────────

/**
 * `finalPdf`: the bytes every signed (and later replaced) version carries as its
 * sealed PDF, as a real database would; bench/run.ts makes one with the app.
 */
export function generateDataset(file: string, options: { now: Date; seed?: number; finalPdf?: Uint8Array }): DatasetInfo {
  const started = Date.now();
  const random = prng(options.seed ?? 20_262_027);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  let idCounter = 0;
  const idPrefix = randomBytes(3).toString("hex");
  // cuid-like: 25 lowercase characters, unique within the file.
  const id = () => `c${idPrefix}${(idCounter++).toString(36).padStart(8, "0")}${Math.floor(random() * 36 ** 6).toString(36).padStart(6, "0")}`;
  const hex = (n: number) => randomBytes(n).toString("hex");

  const now = options.now;
  const finalPdf = options.finalPdf ? Buffer.from(options.finalPdf) : null;
  const today = brusselsDate(now);
  const currentYear = schoolYearOf(today);
  const firstYear = Number(currentYear.slice(0, 4)) - (SCALE.years - 1);
  const years = Array.from({ length: SCALE.years }, (_, i) => `${firstYear + i}-${firstYear + i + 1}`);
  const at = (date: IsoDate, hour = 9) => new Date(brusselsWallTime(date, hour).getTime() + Math.floor(random() * 60) * 60_000);
  // The school days of each year (and the next summer), to draw dates from.
  const schoolDays: IsoDate[] = [];
  for (let d = `${firstYear}-09-01`; d < `${firstYear + SCALE.years + 1}-09-01`; d = addDays(d, 1)) if (isSchoolDay(d)) schoolDays.push(d);
  const schoolDayIndex = (date: IsoDate) => {
    let lo = 0;
    let hi = schoolDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (schoolDays[mid]! < date) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, schoolDays.length - 1);
  };

  const db = new Database(file);
  // No journal while generating (a failed run simply starts over); WAL again at the end.
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF"); // rows are written parents-first; checked at the end
  db.pragma("cache_size = -262144");

  const counts: Record<string, number> = {};
  const statements = new Map<string, Database.Statement>();
  const insert = (table: string, columns: readonly string[], values: unknown[]) => {
    let statement = statements.get(table);
    if (!statement) {
      statement = db.prepare(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      statements.set(table, statement);
    }
    statement.run(values);
    counts[table] = (counts[table] ?? 0) + 1;
  };

  const ORG = ["id", "kind", "name", "instellingsnummer", "street", "postalCode", "municipality", "intakeNotes", "createdAt", "updatedAt"] as const;
  const USER = ["id", "email", "name", "passwordHash", "active", "weeklyDigest", "createdAt", "updatedAt"] as const;
  const MEMBERSHIP = ["id", "userId", "organisationId", "role", "functionTitle", "active", "createdAt"] as const;
  const AGREEMENT = ["id", "documentType", "title", "schoolYear", "yearCount", "status", "signingOrder", "draftRevision", "draftValues", "createdById", "createdAt", "updatedAt"] as const;
  const PARTY = ["id", "agreementId", "organisationId", "partyRole", "position", "status"] as const;
  const DRAFT_CLAUSE = ["id", "agreementId", "templateId", "templateVersion", "section", "position", "title", "body", "modified"] as const;
  const VERSION = ["id", "agreementId", "number", "status", "content", "contentHash", "frozenById", "frozenAt", "finalPdf"] as const;
  const VERSION_CLAUSE = ["id", "versionId", "position", "section", "templateId", "templateVersion", "title", "text", "modified"] as const;
  const COMMITMENT = ["id", "agreementId", "versionId", "clauseTemplateId", "snapshotKey", "what", "howMeasured", "dueDate", "cadence", "status", "bearerPartyId", "createdAt", "updatedAt"] as const;
  const ROLE = ["id", "commitmentId", "partyId", "rasci"] as const;
  const STATUS_CHANGE = ["id", "commitmentId", "fromStatus", "toStatus", "changedById", "changedAt"] as const;
  const MOMENT = ["id", "agreementId", "date", "label", "status", "completedAt"] as const;
  const RECORD = ["id", "momentId", "recordedById", "bouwstenen", "summary", "createdAt"] as const;
  const SIGNATORY = ["id", "agreementId", "partyId", "name", "functionTitle", "email", "kind", "position", "status"] as const;
  const REQUEST = ["id", "versionId", "signatoryId", "tokenHash", "expiresAt", "status", "invitedAt", "remindersSent", "completedAt"] as const;
  const SIGNATURE = ["id", "versionId", "signatoryId", "outcome", "typedName", "versionHash", "ipAddress", "userAgent", "signedAt"] as const;
  const AUDIT = ["id", "agreementId", "versionId", "actorUserId", "actorLabel", "action", "versionHash", "data", "createdAt"] as const;
  const DAY_OFF = ["id", "organisationId", "kind", "startDate", "endDate", "label", "source", "createdById", "createdAt"] as const;
  const OUTBOX = ["id", "idempotencyKey", "kind", "recipient", "subject", "payload", "dueAt", "status", "attempts", "sentAt", "createdAt"] as const;

  const passwordHash = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2htYXJrLXNhbHQ$0000000000000000000000000000000000000000000";
  type Org = { id: string; name: string; kind: string; municipality: string; instellingsnummer: string | null };
  type Person = { id: string; name: string; email: string };

  let coordinatorInfo: DatasetInfo["coordinator"] | undefined;
  let schoolUserId = "";

  db.transaction(() => {
    // ── Organisations ──────────────────────────────────────────────────────
    const created = sqlDate(new Date(`${firstYear}-06-01T08:00:00Z`));
    const addOrg = (kind: string, name: string, municipality: string, instellingsnummer: string | null, intakeNotes: string | null = null): Org => {
      const org = { id: id(), kind, name, municipality, instellingsnummer };
      insert("Organisation", ORG, [org.id, kind, name, instellingsnummer, `Schoolstraat ${1 + Math.floor(random() * 200)}`, String(1000 + Math.floor(random() * 8999)), municipality, intakeNotes, created, created]);
      return org;
    };
    const clbs = Array.from({ length: SCALE.clbs }, (_, i) =>
      addOrg("clb", `${pick(["Vrij CLB", "CLB GO!", "CLB OVSG", "PCLB"])} ${MUNICIPALITIES[i % MUNICIPALITIES.length]} ${i + 1}`, MUNICIPALITIES[i % MUNICIPALITIES.length]!, String(104_000 + i)),
    );
    const services = Array.from({ length: SCALE.services }, (_, i) =>
      addOrg("brugfiguren", i === 0 ? "Brugfiguren Antwerpen" : `Brugfiguren ${MUNICIPALITIES[i % MUNICIPALITIES.length]} ${i}`, i === 0 ? "Antwerpen" : MUNICIPALITIES[i % MUNICIPALITIES.length]!, null),
    );
    const cities = services.map((s, i) => addOrg("lokaal_bestuur", `Stad ${s.municipality} ${i}`, s.municipality, null));
    const welfare = services.map((s, i) => addOrg("welzijnspartner", `Huis van het Kind ${s.municipality} ${i}`, s.municipality, null));
    const schools: Array<Org & { clb: Org; service: Org | null; city: Org; welfare: Org }> = [];
    for (let i = 0; i < SCALE.schools; i++) {
      // The first 300 schools work with the coordinator's service (service 0),
      // spread over twelve districts; the next 1,700 with one of the others.
      let service: Org | null = null;
      let serviceIndex = 0;
      if (i < SCALE.coordinatorSchools) service = services[0]!;
      else if (i < SCALE.coordinatorSchools + SCALE.otherServiceSchools) {
        serviceIndex = 1 + (i % (SCALE.services - 1));
        service = services[serviceIndex]!;
      } else serviceIndex = i % SCALE.services;
      const municipality = i < SCALE.coordinatorSchools ? `Antwerpen-${["Noord", "Zuid", "Berchem", "Borgerhout", "Deurne", "Hoboken", "Wilrijk", "Merksem", "Ekeren", "Linkeroever", "Kiel", "Centrum"][i % 12]}` : services[serviceIndex]!.municipality;
      const kind = pick(["Basisschool", "VBS", "GBS", "GO! Basisschool", "Sint-", "Atheneum", "Middenschool", "Technisch Instituut"]);
      const org = addOrg("school", `${kind} ${["De Regenboog", "Het Klavertje", "De Zonnewijzer", "De Wereldreiziger", "Sint-Jozef", "De Vlinder", "Het Kompas", "De Meander"][i % 8]} ${i + 1}`, municipality, String(110_000 + i), i < SCALE.coordinatorSchools && chance(0.6) ? "Intake gedaan met directie en zorgcoördinator." : null);
      schools.push({ ...org, clb: clbs[i % SCALE.clbs]!, service, city: cities[serviceIndex]!, welfare: welfare[serviceIndex]! });
    }

    // ── People ─────────────────────────────────────────────────────────────
    const members = new Map<string, Person[]>();
    const addUser = (email: string, name: string, memberships: Array<{ org: Org; role: string; title: string }>): Person => {
      const person = { id: id(), name, email };
      insert("User", USER, [person.id, email, name, passwordHash, 1, chance(0.15) ? 1 : 0, created, created]);
      for (const m of memberships) {
        insert("Membership", MEMBERSHIP, [id(), person.id, m.org.id, m.role, m.title, 1, created]);
        members.set(m.org.id, [...(members.get(m.org.id) ?? []), person]);
      }
      return person;
    };
    const coordinator = addUser("coordinator@bench.example", "Coördinator Antwerpen", [{ org: services[0]!, role: "coordinator", title: "coördinator brugfiguren" }]);
    coordinatorInfo = { userId: coordinator.id, email: coordinator.email, serviceId: services[0]!.id, serviceName: services[0]!.name };
    services.forEach((s, i) => {
      if (i > 0) addUser(`coordinator${i}@bench.example`, `Coördinator ${i}`, [{ org: s, role: "coordinator", title: "coördinator brugfiguren" }]);
      for (let b = 0; b < 2; b++) addUser(`brugfiguur${i}-${b}@bench.example`, `Brugfiguur ${i}-${b}`, [{ org: s, role: "brugfiguur", title: "brugfiguur" }]);
    });
    cities.forEach((c, i) => addUser(`beheer${i}@bench.example`, `Beheerder ${i}`, [{ org: c, role: "beheerder", title: "functioneel beheerder" }]));
    clbs.forEach((c, i) => {
      addUser(`clb-directeur${i}@bench.example`, `CLB-directeur ${i}`, [{ org: c, role: "clb_directeur", title: "CLB-directeur" }]);
      for (let m = 0; m < 4; m++) addUser(`clb${i}-${m}@bench.example`, `Ankerfiguur ${i}-${m}`, [{ org: c, role: "clb_medewerker", title: "ankerfiguur" }]);
    });
    schools.forEach((s, i) => {
      const directie = addUser(`directie${i}@bench.example`, `Directeur ${i}`, [{ org: s, role: "directie", title: "directeur" }]);
      addUser(`zorg${i}@bench.example`, `Zorgcoördinator ${i}`, [{ org: s, role: "zorgcoordinator", title: "zorgcoördinator" }]);
      if (i === 0) schoolUserId = directie.id;
    });
    // Onboarding events: which schools each service works with.
    for (const s of schools) {
      if (!s.service) continue;
      insert("AuditEvent", AUDIT, [id(), null, null, null, null, "school.onboarded", null, JSON.stringify({ serviceId: s.service.id, schoolId: s.id, instellingsnummer: s.instellingsnummer, source: "import" }), created]);
    }

    // ── Agreements ─────────────────────────────────────────────────────────
    const COMMITMENT_TEXTS = [
      "De school plant een startoverleg in de eerste maand van het schooljaar.",
      "Het CLB koppelt elk trimester kort terug aan de zorgcoördinator (stavaza).",
      "De brugfiguur staat op de website en in het organogram van de school.",
      "Armoede staat minstens één keer per jaar op de personeelsvergadering.",
      "De school stelt een lokaal met kast en wifi ter beschikking.",
      "De partijen evalueren de afspraken in januari en in juni.",
      "De brugfiguur mag het MDO bijwonen wanneer dat zinvol is.",
      "De school neemt deel aan het overleg met andere scholen.",
    ];
    const CLAUSES = [
      ["doel-en-kader", "Doel en kader", "Waarom deze afspraken"],
      ["praktisch", "Bereikbaarheid en praktische afspraken", "Hoe de partners bereikbaar zijn"],
      ["taakverdeling", "Wie doet wat", "De zorgcoördinator als aanspreekpunt"],
      ["evaluatie", "Evaluatie en bijsturing", "Twee keer per jaar evalueren"],
    ] as const;
    const STATUS_PAST: Array<[string, number]> = [["ondertekend", 0.85], ["verlopen", 0.1], ["gearchiveerd", 0.03], ["geweigerd", 0.02]];
    const STATUS_NOW: Array<[string, number]> = [["ondertekend", 0.62], ["ter_ondertekening", 0.18], ["concept", 0.15], ["geweigerd", 0.03], ["gearchiveerd", 0.02]];
    const draw = (table: Array<[string, number]>) => {
      let r = random();
      for (const [value, p] of table) if ((r -= p) < 0) return value;
      return table[0]![0];
    };
    const yearStart = (year: string) => `${year.slice(0, 4)}-09-01`;
    const rhythmDates = new Map(years.map((y) => [y, [...defaultEvaluationDates(y, "per-trimester"), ...defaultEvaluationDates(y, "jan-jun")]]));
    /** A school day within about `span` school days from `from`. */
    const schoolDayIn = (from: IsoDate, span: number) => schoolDays[Math.min(schoolDays.length - 1, schoolDayIndex(from) + Math.floor(random() * span))]!;

    type PartySpec = { org: Org; role: string; signs: boolean; title: string };
    const makeAgreement = (documentType: string, label: string, year: string, parties: PartySpec[], commitmentCount: number, creator: Person | undefined) => {
      const agreementId = id();
      const isCurrent = year === currentYear;
      const status = draw(isCurrent ? STATUS_NOW : STATUS_PAST);
      const createdAt = at(addDays(yearStart(year), -60 + Math.floor(random() * 40)));
      const title = `${label} ${year} — ${parties.map((p) => p.org.name).join(" × ")}`;
      insert("Agreement", AGREEMENT, [agreementId, documentType, title, year, 1, status, "parallel", status === "concept" ? 3 : 5, "{}", creator?.id ?? null, sqlDate(createdAt), sqlDate(createdAt)]);
      const partyIds = parties.map((p, position) => {
        const partyId = id();
        insert("AgreementParty", PARTY, [partyId, agreementId, p.org.id, p.role, position, "aanvaard"]);
        return partyId;
      });
      insert("AuditEvent", AUDIT, [id(), agreementId, null, creator?.id ?? null, null, "agreement.created", null, JSON.stringify({ documentType }), sqlDate(createdAt)]);

      // Signatories: the first member of each signing party.
      const signatories = parties.flatMap((p, i) => {
        if (!p.signs) return [];
        const person = members.get(p.org.id)?.[0] ?? { name: `Ondertekenaar ${p.org.name}`, email: `ondertekenaar-${p.org.id}@bench.example`, id: "" };
        const signatoryId = id();
        insert("Signatory", SIGNATORY, [signatoryId, agreementId, partyIds[i], person.name, p.title, person.email, "signer", i + 1, "bevestigd"]);
        return [{ id: signatoryId, name: person.name, email: person.email, partyRole: p.role, organisationId: p.org.id, title: p.title }];
      });

      if (status === "concept") {
        CLAUSES.forEach(([section, , clauseTitle], position) => {
          for (let k = 0; k < 3; k++) insert("DraftClause", DRAFT_CLAUSE, [id(), agreementId, `${section}-${k}`, 1, section, position * 3 + k, `${clauseTitle} (${k + 1})`, `${COMMITMENT_TEXTS[(position + k) % COMMITMENT_TEXTS.length]} Tekst van schooljaar ${year}.`, 0]);
        });
      }

      let versionId: string | null = null;
      if (status !== "concept") {
        const frozenAt = new Date(createdAt.getTime() + (5 + Math.floor(random() * 20)) * 86_400_000);
        const snapshot: VersionSnapshot = {
          format: 1,
          agreement: { id: agreementId, documentType, title, schoolYear: year, yearCount: 1 },
          parties: parties.map((p) => ({ partyRole: p.role, partyRoleLabel: p.role, organisationId: p.org.id, name: p.org.name, kind: p.org.kind, instellingsnummer: p.org.instellingsnummer, address: null })),
          clauses: CLAUSES.map(([section, sectionTitle, clauseTitle], i) => ({ key: `clause-${i + 1}`, section, sectionTitle, templateId: `${section}-0`, templateVersion: 1, modified: false, title: clauseTitle, text: COMMITMENT_TEXTS[i]!, renderedText: COMMITMENT_TEXTS[i]! })),
          values: { schooljaar: year },
          commitments: [],
          signatories: signatories.map((s, i) => ({ partyRole: s.partyRole, organisationId: s.organisationId, name: s.name, functionTitle: s.title, email: s.email, kind: "signer" as const, position: i + 1 })),
        };
        const amended = chance(0.1);
        if (amended) {
          const old = hashSnapshot({ ...snapshot, values: { schooljaar: year, versie: 1 } });
          insert("AgreementVersion", VERSION, [id(), agreementId, 1, "vervangen", old.content, old.hash, creator?.id ?? null, sqlDate(new Date(frozenAt.getTime() - 10 * 86_400_000)), finalPdf]);
        }
        const { content, hash } = hashSnapshot(snapshot);
        versionId = id();
        const versionStatus = status === "verlopen" || status === "gearchiveerd" ? "ondertekend" : status;
        insert("AgreementVersion", VERSION, [versionId, agreementId, amended ? 2 : 1, versionStatus, content, hash, creator?.id ?? null, sqlDate(frozenAt), versionStatus === "ondertekend" ? finalPdf : null]);
        CLAUSES.forEach(([section, , clauseTitle], position) => {
          insert("VersionClause", VERSION_CLAUSE, [id(), versionId, position, section, `${section}-0`, 1, clauseTitle, COMMITMENT_TEXTS[position]!, 0]);
        });

        // Sending and signing.
        const sentAt = isCurrent && status === "ter_ondertekening" ? new Date(now.getTime() - Math.floor(random() * 40 * 86_400_000)) : new Date(frozenAt.getTime() + 86_400_000);
        insert("AuditEvent", AUDIT, [id(), agreementId, versionId, creator?.id ?? null, null, "signing.sent", hash, JSON.stringify({ versionNumber: amended ? 2 : 1, signers: signatories.length }), sqlDate(sentAt)]);
        let lastSigned = sentAt;
        signatories.forEach((s, i) => {
          const signed = status === "ondertekend" || status === "verlopen" || status === "gearchiveerd" || (status === "ter_ondertekening" && i === 0 && chance(0.5));
          const declined = status === "geweigerd" && i === signatories.length - 1;
          const expiresAt = new Date(sentAt.getTime() + 30 * 86_400_000);
          const signedAt = new Date(sentAt.getTime() + (1 + Math.floor(random() * 10)) * 86_400_000);
          const requestStatus = signed ? "ondertekend" : declined ? "geweigerd" : status === "geweigerd" ? "vervallen" : "verstuurd";
          insert("SigningRequest", REQUEST, [id(), versionId, s.id, hex(32), sqlDate(expiresAt), requestStatus, sqlDate(sentAt), 0, signed || declined ? sqlDate(signedAt) : null]);
          insert("AuditEvent", AUDIT, [id(), agreementId, versionId, null, "Akkoord", "signing.invited", hash, JSON.stringify({ signatory: s.name, email: s.email }), sqlDate(sentAt)]);
          if (signed || declined) {
            insert("Signature", SIGNATURE, [id(), versionId, s.id, signed ? "signed" : "declined", s.name, hash, "192.0.2.10", "Mozilla/5.0", sqlDate(signedAt)]);
            insert("AuditEvent", AUDIT, [id(), agreementId, versionId, null, `${s.name} <${s.email}>`, signed ? "signing.signed" : "signing.declined", hash, JSON.stringify({ typedName: s.name }), sqlDate(signedAt)]);
            if (signedAt > lastSigned) lastSigned = signedAt;
          }
        });
        if (status === "ondertekend" || status === "verlopen" || status === "gearchiveerd") {
          insert("AuditEvent", AUDIT, [id(), agreementId, versionId, null, "Akkoord", "signing.completed", hash, JSON.stringify({ signatures: signatories.length }), sqlDate(lastSigned)]);
          insert("AuditEvent", AUDIT, [id(), agreementId, versionId, null, "Akkoord", "signing.final-pdf-stored", hash, JSON.stringify({ bytes: finalPdf?.byteLength ?? 0 }), sqlDate(lastSigned)]);
          insert("AuditEvent", AUDIT, [id(), agreementId, versionId, null, "Akkoord", "signing.final-pdf-mailed", hash, JSON.stringify({ to: signatories.map((s) => s.email) }), sqlDate(lastSigned)]);
        }
      }

      // Commitments with RASCI roles.
      const signedOnce = status === "ondertekend" || status === "verlopen" || status === "gearchiveerd";
      for (let c = 0; c < commitmentCount; c++) {
        const commitmentId = id();
        const bearer = c % partyIds.length;
        const commitmentStatus = !signedOnce ? "gepland" : isCurrent ? pick(["gepland", "gepland", "lopend", "lopend", "gehaald", "deels_gehaald"]) : pick(["gehaald", "gehaald", "gehaald", "deels_gehaald", "niet_gehaald", "niet_meer_relevant", "lopend"]);
        const due = chance(0.6) ? schoolDayIn(yearStart(year), 175) : null;
        insert("Commitment", COMMITMENT, [commitmentId, agreementId, versionId, `${CLAUSES[c % CLAUSES.length]![0]}-0`, `clause-${(c % CLAUSES.length) + 1}:c${c}`, COMMITMENT_TEXTS[c % COMMITMENT_TEXTS.length], chance(0.4) ? "Verslag van het overleg." : null, due, pick(["eenmalig", "per-trimester", "per-semester", "jaarlijks"]), commitmentStatus, partyIds[bearer], sqlDate(createdAt), sqlDate(createdAt)]);
        insert("CommitmentRole", ROLE, [id(), commitmentId, partyIds[bearer], "R"]);
        if (partyIds.length > 1) insert("CommitmentRole", ROLE, [id(), commitmentId, partyIds[(bearer + 1) % partyIds.length], chance(0.45) ? "A" : pick(["C", "I", "S"])]);
        if (commitmentStatus !== "gepland") insert("CommitmentStatusChange", STATUS_CHANGE, [id(), commitmentId, "gepland", commitmentStatus, creator?.id ?? null, sqlDate(new Date(createdAt.getTime() + 60 * 86_400_000))]);
      }

      // Evaluation moments for agreements in force: the trimester and jan/jun
      // rhythm, each date moved by up to three school weeks.
      if (signedOnce) {
        const dates = new Map<IsoDate, string>();
        for (const d of rhythmDates.get(year)!) {
          const date = schoolDays[Math.max(0, schoolDayIndex(d.date) + Math.floor(random() * 31) - 15)]!;
          if (!dates.has(date)) dates.set(date, d.label);
        }
        for (const [date, label] of dates) {
          const momentId = id();
          const past = date < today;
          const done = past && chance(year === currentYear ? 0.85 : 0.97);
          insert("EvaluationMoment", MOMENT, [momentId, agreementId, date, label, done ? "afgerond" : "gepland", done ? sqlDate(at(date, 15)) : null]);
          if (done) {
            insert("EvaluationRecord", RECORD, [id(), momentId, creator?.id ?? null, JSON.stringify({ "gemeenschappelijk-doel": { score: 1 + Math.floor(random() * 5), text: "" }, communicatie: { score: 1 + Math.floor(random() * 5), text: "" } }), "Goed overleg; afspraken lopen.", sqlDate(at(date, 15))]);
          }
        }
      }
      return agreementId;
    };

    for (const year of years) {
      for (const s of schools) {
        const clbCreator = members.get(s.clb.id)?.[1];
        makeAgreement("afsprakennota", "Afsprakennota", year, [
          { org: s, role: "school", signs: true, title: "directeur" },
          { org: s.clb, role: "clb", signs: true, title: "CLB-directeur" },
        ], 16, clbCreator);
        if (s.service) {
          makeAgreement("engagementsverklaring-brugfiguren", "Engagementsverklaring", year, [
            { org: s, role: "school", signs: true, title: "directeur" },
            { org: s.service, role: "brugfiguren", signs: true, title: "coördinator brugfiguren" },
          ], 14, members.get(s.service.id)?.[0]);
        }
        if (year !== years[0] || chance(0.17)) {
          makeAgreement("engagementsverklaring-ouders", "Engagementsverklaring ouders", year, [{ org: s, role: "school", signs: true, title: "directeur" }], 4, members.get(s.id)?.[0]);
        }
      }
      services.forEach((service, i) => {
        const school = schools.find((s) => s.service?.id === service.id) ?? schools[i]!;
        makeAgreement("samenwerkingsovereenkomst", "Samenwerkingsovereenkomst", year, [
          { org: cities[i]!, role: "lokaal_bestuur", signs: true, title: "schepen van onderwijs" },
          { org: school, role: "school", signs: true, title: "directeur" },
          { org: welfare[i]!, role: "welzijnspartner", signs: true, title: "coördinator" },
        ], 20, members.get(cities[i]!.id)?.[0]);
      });
    }

    // ── Outbox history: what earlier sweeps sent ───────────────────────────
    for (let i = 0; i < 40_000; i++) {
      const dueAt = new Date(now.getTime() - (1 + Math.floor(random() * 400)) * 86_400_000);
      insert("OutboxMessage", OUTBOX, [id(), `eval-14d:${hex(8)}:${hex(8)}:${brusselsDate(dueAt)}`, "eval-14d", `ontvanger${i}@bench.example`, "Evaluatie over 14 dagen", '{"text":"…","html":"…","attachments":[]}', sqlDate(dueAt), "sent", 1, sqlDate(dueAt), sqlDate(dueAt)]);
    }

    // ── The schools' own days off in this school year ──────────────────────
    // Last, with a PRNG of its own, so the rest of the dataset stays as it was.
    const offRandom = prng((options.seed ?? 20_262_027) + 1);
    const yearDays = schoolDays.filter((d) => schoolYearOf(d) === currentYear);
    const decemberExams = yearDays.filter((d) => d < `${currentYear.slice(0, 4)}-12-24`).slice(-8);
    const juneExams = yearDays.filter((d) => d >= `${currentYear.slice(5)}-06-08`).slice(0, 12);
    const addDayOff = (schoolId: string, kind: string, startDate: IsoDate, endDate: IsoDate, label: string) => {
      // Only what the app's form would accept (an exam period never across a holiday).
      if (checkDayOffRange({ startDate, endDate }, [currentYear]) !== null) return;
      insert("OrganisationDayOff", DAY_OFF, [id(), schoolId, kind, startDate, endDate, label, offRandom() < 0.3 ? "ical" : "pagina", null, created]);
    };
    for (const s of schools) {
      if (offRandom() >= DAYS_OFF_SHARE) continue;
      const taken = new Set<IsoDate>();
      // Secondary-like schools: half of them an exam period before Christmas or in June.
      if (/^(Atheneum|Middenschool|Technisch Instituut) /.test(s.name) && offRandom() < 0.5) {
        const period = offRandom() < 0.6 ? decemberExams : juneExams;
        const length = 5 + Math.floor(offRandom() * (period.length - 4));
        const days = period.slice(period.length - length);
        days.forEach((d) => taken.add(d));
        addDayOff(s.id, "examens", days[0]!, days.at(-1)!, "Examenperiode");
      }
      // Three to six pedagogische studiedagen or facultatieve vrije dagen on school days.
      for (let n = 3 + Math.floor(offRandom() * 4); n > 0; ) {
        const day = yearDays[Math.floor(offRandom() * yearDays.length)]!;
        if (taken.has(day)) continue;
        taken.add(day);
        n--;
        const facultatief = offRandom() < 0.3;
        addDayOff(s.id, facultatief ? "facultatief" : "studiedag", day, day, facultatief ? "Facultatieve vrije dag" : "Pedagogische studiedag");
      }
    }
  })();

  db.pragma("foreign_keys = ON");
  const problems = db.prepare("PRAGMA foreign_key_check").all();
  if (problems.length > 0) throw new Error(`dataset: ${problems.length} foreign key problems, e.g. ${JSON.stringify(problems[0])}`);
  db.exec("ANALYZE");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.close();
  return { file, coordinator: coordinatorInfo!, schoolUserId, counts, seconds: (Date.now() - started) / 1000 };
}

/** A session row for the user and the cookie that carries it (see app/utils/session.server.ts). */
export function createSessionCookie(file: string, userId: string, now = new Date()): string {
  const token = randomBytes(32).toString("base64url");
  const db = new Database(file);
  try {
    db.prepare(`INSERT INTO "Session" ("id", "userId", "expiresAt", "createdAt", "ipAddress", "userAgent") VALUES (?, ?, ?, ?, ?, ?)`).run(
      createHash("sha256").update(token).digest("hex"),
      userId,
      sqlDate(new Date(now.getTime() + 12 * 3_600_000)),
      sqlDate(now),
      "127.0.0.1",
      "akkoord-bench",
    );
  } finally {
    db.close();
  }
  // Remix createCookie without secrets: base64 of the JSON-encoded value (then URI-encoded).
  return `akkoord_sessie=${encodeURIComponent(Buffer.from(JSON.stringify(token), "utf8").toString("base64"))}`;
}
