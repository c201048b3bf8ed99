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
//
// Parties at scale (issue #13, decision 003): every school has its board
// (shared by a group of schools), onderwijsnet, level and scholengemeenschap;
// every CLB, service and city has its schools as partner–school links
// (ServiceSchool) with a named contact person (the CLB's ankerfiguur, the
// service's brugfiguur); one CLB has 150 schools and one more service,
// "Brugfiguren Vlaanderen", 2,000 (with engagementsverklaringen this year and
// last year). Agreements name contact people per party (AgreementContact),
// some RASCI roles a person, concepts have invited parties and proposed
// signatories, and the samenwerkingsovereenkomsten sign in groups. All of
// this draws from PRNGs of its own, so the rest of the dataset is unchanged.
import { createHash, randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { addDays, checkDayOffRange, defaultEvaluationDates, isSchoolDay, schoolYearOf, type IsoDate } from "~/domain/calendar";
import { brusselsDate, brusselsWallTime } from "~/domain/calendar/brussels-time";
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
  /** The CLB with most schools (the others share the rest: ~76 each). */
  bigClbSchools: 150,
  /** "Brugfiguren Vlaanderen": the last schools of the list (some also work with another service). */
  bigServiceSchools: 2_000,
  bigServiceBrugfiguren: 20,
  /** Earlier sweeps' sent messages. */
  outbox: 40_000,
};
export type Scale = typeof SCALE;

/** A few hundred schools: the same shapes in seconds, for trying the bench's code (`--tiny`) and its tests. */
export const TINY_SCALE: Scale = {
  schools: 200,
  clbs: 4,
  services: 5,
  coordinatorSchools: 40,
  otherServiceSchools: 60,
  years: 3,
  bigClbSchools: 80,
  bigServiceSchools: 120,
  bigServiceBrugfiguren: 3,
  outbox: 50,
};

/** The share of schools with days off of their own (studiedagen, facultatieve vrije dagen, exams). */
const DAYS_OFF_SHARE = 0.3;

type Coordinator = { userId: string; email: string; serviceId: string; serviceName: string };

export type DatasetInfo = {
  file: string;
  coordinator: Coordinator;
  /** The coordinator of "Brugfiguren Vlaanderen" (2,000 schools). */
  bigCoordinator: Coordinator;
  /** The CLB-directeur of the CLB with 150 schools, and of one with ~76. */
  bigClbUserId: string;
  clbUserId: string;
  /** A user with memberships in one school (for signing-page-like reads). */
  schoolUserId: string;
  scale: Scale;
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
export function generateDataset(file: string, options: { now: Date; seed?: number; finalPdf?: Uint8Array; scale?: Partial<Scale> }): DatasetInfo {
  const started = Date.now();
  const scale: Scale = { ...SCALE, ...options.scale };
  const random = prng(options.seed ?? 20_262_027);
  // The parties-at-scale data (boards, links, contacts, states) draws from its own PRNG.
  const extra = prng((options.seed ?? 20_262_027) + 2);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  let idCounter = 0;
  const idPrefix = randomBytes(3).toString("hex");
  // cuid-like: 25 lowercase characters, unique within the file.
  const makeId = (rand: () => number) => () => `c${idPrefix}${(idCounter++).toString(36).padStart(8, "0")}${Math.floor(rand() * 36 ** 6).toString(36).padStart(6, "0")}`;
  const id = makeId(random);
  /** Ids of the parties-at-scale rows, from their own PRNG. */
  const xid = makeId(extra);
  const hex = (n: number) => randomBytes(n).toString("hex");

  const now = options.now;
  const finalPdf = options.finalPdf ? Buffer.from(options.finalPdf) : null;
  const today = brusselsDate(now);
  const currentYear = schoolYearOf(today);
  const firstYear = Number(currentYear.slice(0, 4)) - (scale.years - 1);
  const years = Array.from({ length: scale.years }, (_, i) => `${firstYear + i}-${firstYear + i + 1}`);
  const at = (date: IsoDate, hour = 9) => new Date(brusselsWallTime(date, hour).getTime() + Math.floor(random() * 60) * 60_000);
  // The school days of each year (and the next summer), to draw dates from.
  const schoolDays: IsoDate[] = [];
  for (let d = `${firstYear}-09-01`; d < `${firstYear + scale.years + 1}-09-01`; d = addDays(d, 1)) if (isSchoolDay(d)) schoolDays.push(d);
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

  const ORG = ["id", "kind", "name", "instellingsnummer", "street", "postalCode", "municipality", "boardName", "boardNumber", "educationLevel", "onderwijsnet", "scholengemeenschap", "clbInstellingsnummer", "clbName", "createdAt", "updatedAt"] as const;
  const LINK = ["id", "serviceId", "schoolId", "contactUserId", "source", "intakeNotes", "createdAt", "updatedAt"] as const;
  const CONTACT = ["id", "agreementId", "partyId", "contactRole", "userId", "namedById", "createdAt"] as const;
  const USER = ["id", "email", "name", "passwordHash", "active", "weeklyDigest", "createdAt", "updatedAt"] as const;
  const MEMBERSHIP = ["id", "userId", "organisationId", "role", "functionTitle", "active", "createdAt"] as const;
  const AGREEMENT = ["id", "documentType", "title", "schoolYear", "yearCount", "status", "signingOrder", "draftRevision", "draftValues", "createdById", "createdAt", "updatedAt"] as const;
  const PARTY = ["id", "agreementId", "organisationId", "partyRole", "position", "status", "acceptedAt", "acceptedById"] as const;
  const DRAFT_CLAUSE = ["id", "agreementId", "templateId", "templateVersion", "section", "position", "title", "body", "modified"] as const;
  const VERSION = ["id", "agreementId", "number", "status", "content", "contentHash", "frozenById", "frozenAt", "finalPdf"] as const;
  const VERSION_CLAUSE = ["id", "versionId", "position", "section", "templateId", "templateVersion", "title", "text", "modified"] as const;
  const COMMITMENT = ["id", "agreementId", "versionId", "clauseTemplateId", "snapshotKey", "what", "howMeasured", "dueDate", "cadence", "status", "bearerPartyId", "createdAt", "updatedAt"] as const;
  const ROLE = ["id", "commitmentId", "partyId", "rasci", "userId"] as const;
  const STATUS_CHANGE = ["id", "commitmentId", "fromStatus", "toStatus", "changedById", "changedAt"] as const;
  const MOMENT = ["id", "agreementId", "date", "label", "status", "completedAt"] as const;
  const RECORD = ["id", "momentId", "recordedById", "bouwstenen", "summary", "createdAt"] as const;
  const SIGNATORY = ["id", "agreementId", "partyId", "name", "functionTitle", "email", "kind", "position", "status", "onBehalfOf", "mandate", "namedById", "confirmedById", "confirmedAt"] as const;
  const REQUEST = ["id", "versionId", "signatoryId", "tokenHash", "expiresAt", "status", "invitedAt", "remindersSent", "completedAt"] as const;
  const SIGNATURE = ["id", "versionId", "signatoryId", "outcome", "typedName", "versionHash", "ipAddress", "userAgent", "signedAt"] as const;
  const AUDIT = ["id", "agreementId", "versionId", "actorUserId", "actorLabel", "action", "versionHash", "data", "createdAt"] as const;
  const DAY_OFF = ["id", "organisationId", "kind", "startDate", "endDate", "label", "source", "createdById", "createdAt"] as const;
  const OUTBOX = ["id", "idempotencyKey", "kind", "recipient", "subject", "payload", "dueAt", "status", "attempts", "sentAt", "createdAt"] as const;

  const passwordHash = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2htYXJrLXNhbHQ$0000000000000000000000000000000000000000000";
  type Board = { boardName: string; boardNumber: string; onderwijsnet: string; scholengemeenschap: string; educationLevel: string };
  type Org = { id: string; name: string; kind: string; municipality: string; instellingsnummer: string | null; board?: Board };
  type Person = { id: string; name: string; email: string };

  let coordinatorInfo: DatasetInfo["coordinator"] | undefined;
  let bigCoordinatorInfo: DatasetInfo["coordinator"] | undefined;
  let schoolUserId = "";
  let bigClbUserId = "";
  let clbUserId = "";

  db.transaction(() => {
    // ── Organisations ──────────────────────────────────────────────────────
    const created = sqlDate(new Date(`${firstYear}-06-01T08:00:00Z`));
    const addOrg = (kind: string, name: string, municipality: string, instellingsnummer: string | null, details: { board?: Board; clb?: Org; rand?: () => number } = {}): Org => {
      const rand = details.rand ?? random;
      const { board, clb } = details;
      const org = { id: rand === random ? id() : xid(), kind, name, municipality, instellingsnummer, board };
      insert("Organisation", ORG, [
        org.id, kind, name, instellingsnummer, `Schoolstraat ${1 + Math.floor(rand() * 200)}`, String(1000 + Math.floor(rand() * 8999)), municipality,
        board?.boardName ?? null, board?.boardNumber ?? null, board?.educationLevel ?? null, board?.onderwijsnet ?? null, board?.scholengemeenschap ?? null,
        clb?.instellingsnummer ?? null, clb?.name ?? null, created, created,
      ]);
      return org;
    };
    const clbs = Array.from({ length: scale.clbs }, (_, i) =>
      addOrg("clb", `${pick(["Vrij CLB", "CLB GO!", "CLB OVSG", "PCLB"])} ${MUNICIPALITIES[i % MUNICIPALITIES.length]} ${i + 1}`, MUNICIPALITIES[i % MUNICIPALITIES.length]!, String(104_000 + i)),
    );
    const services = Array.from({ length: scale.services }, (_, i) =>
      addOrg("brugfiguren", i === 0 ? "Brugfiguren Antwerpen" : `Brugfiguren ${MUNICIPALITIES[i % MUNICIPALITIES.length]} ${i}`, i === 0 ? "Antwerpen" : MUNICIPALITIES[i % MUNICIPALITIES.length]!, null),
    );
    const cities = services.map((s, i) => addOrg("lokaal_bestuur", `Stad ${s.municipality} ${i}`, s.municipality, null));
    const welfare = services.map((s, i) => addOrg("welzijnspartner", `Huis van het Kind ${s.municipality} ${i}`, s.municipality, null));
    // One CLB (the first) has 150 schools, from school 300 on (after the
    // coordinator's); the other CLBs share the rest in turn.
    const bigClbFrom = Math.min(scale.coordinatorSchools, Math.max(0, scale.schools - scale.bigClbSchools));
    const clbOf = (i: number) => {
      if (i >= bigClbFrom && i < bigClbFrom + scale.bigClbSchools) return clbs[0]!;
      const rest = i < bigClbFrom ? i : i - scale.bigClbSchools;
      return clbs[1 + (rest % (scale.clbs - 1))]!;
    };
    // Boards: GO! schools by scholengroep (one per municipality), the
    // municipal schools by their municipality, the free (catholic) schools in
    // groups of about five per municipality; each with a scholengemeenschap.
    const boards = new Map<string, Board>();
    const boardOf = (kind: string, municipality: string): Board => {
      const secondary = /^(Atheneum|Middenschool|Technisch Instituut)$/.test(kind);
      const net = kind.startsWith("GO!") || kind === "Atheneum" || kind === "Middenschool" ? "GO!" : kind === "GBS" ? "officieel" : "vrij";
      const level = secondary ? "secundair" : extra() < 0.05 ? "buitengewoon" : "basis";
      const group = net === "vrij" ? Math.floor(extra() * 3) : 0;
      const key = `${net}|${municipality}|${group}`;
      let board = boards.get(key);
      if (!board) {
        const number = String(950_000 + boards.size);
        board =
          net === "GO!"
            ? { boardName: `GO! Scholengroep ${municipality}`, boardNumber: number, onderwijsnet: "GO! onderwijs van de Vlaamse Gemeenschap", scholengemeenschap: `Scholengemeenschap GO! ${municipality}`, educationLevel: level }
            : net === "officieel"
              ? { boardName: `Gemeentebestuur ${municipality}`, boardNumber: number, onderwijsnet: "officieel gesubsidieerd onderwijs", scholengemeenschap: `Scholengemeenschap stedelijk onderwijs ${municipality}`, educationLevel: level }
              : { boardName: `vzw Katholiek Onderwijs ${municipality} ${group + 1}`, boardNumber: number, onderwijsnet: "vrij gesubsidieerd onderwijs", scholengemeenschap: `Scholengemeenschap Sint-${["Jan", "Maarten", "Pieter"][group]} ${municipality}`, educationLevel: level };
        boards.set(key, board);
      }
      return { ...board, educationLevel: level };
    };
    const schools: Array<Org & { clb: Org; service: Org | null; city: Org; welfare: Org; intake: string | null }> = [];
    for (let i = 0; i < scale.schools; i++) {
      // The first 300 schools work with the coordinator's service (service 0),
      // spread over twelve districts; the next 1,700 with one of the others.
      let service: Org | null = null;
      let serviceIndex = 0;
      if (i < scale.coordinatorSchools) service = services[0]!;
      else if (i < scale.coordinatorSchools + scale.otherServiceSchools) {
        serviceIndex = 1 + (i % (scale.services - 1));
        service = services[serviceIndex]!;
      } else serviceIndex = i % scale.services;
      const municipality = i < scale.coordinatorSchools ? `Antwerpen-${["Noord", "Zuid", "Berchem", "Borgerhout", "Deurne", "Hoboken", "Wilrijk", "Merksem", "Ekeren", "Linkeroever", "Kiel", "Centrum"][i % 12]}` : services[serviceIndex]!.municipality;
      const kind = pick(["Basisschool", "VBS", "GBS", "GO! Basisschool", "Sint-", "Atheneum", "Middenschool", "Technisch Instituut"]);
      const name = `${kind} ${["De Regenboog", "Het Klavertje", "De Zonnewijzer", "De Wereldreiziger", "Sint-Jozef", "De Vlinder", "Het Kompas", "De Meander"][i % 8]} ${i + 1}`;
      const clb = clbOf(i);
      // The intake is the service's own (ServiceSchool.intakeNotes, written with the links below).
      const intake = i < scale.coordinatorSchools && chance(0.6) ? "Intake gedaan met directie en zorgcoördinator." : null;
      const org = addOrg("school", name, municipality, String(110_000 + i), { board: boardOf(kind, municipality), clb });
      schools.push({ ...org, clb, service, city: cities[serviceIndex]!, welfare: welfare[serviceIndex]!, intake });
    }

    const bigService = addOrg("brugfiguren", "Brugfiguren Vlaanderen", "Brussel", null, { rand: extra });
    const bigServiceFrom = Math.max(0, scale.schools - scale.bigServiceSchools);
    const bigServiceSchools = schools.slice(bigServiceFrom);

    // ── People ─────────────────────────────────────────────────────────────
    const members = new Map<string, Person[]>();
    const addUser = (email: string, name: string, memberships: Array<{ org: Org; role: string; title: string }>, rand = random): Person => {
      const newId = rand === random ? id : xid;
      const person = { id: newId(), name, email };
      insert("User", USER, [person.id, email, name, passwordHash, 1, rand() < 0.15 ? 1 : 0, created, created]);
      for (const m of memberships) {
        insert("Membership", MEMBERSHIP, [newId(), person.id, m.org.id, m.role, m.title, 1, created]);
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
      const directeur = addUser(`clb-directeur${i}@bench.example`, `CLB-directeur ${i}`, [{ org: c, role: "clb_directeur", title: "CLB-directeur" }]);
      if (i === 0) bigClbUserId = directeur.id;
      if (i === 1) clbUserId = directeur.id;
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
    const bigCoordinator = addUser("coordinator-vlaanderen@bench.example", "Coördinator Vlaanderen", [{ org: bigService, role: "coordinator", title: "coördinator brugfiguren" }], extra);
    bigCoordinatorInfo = { userId: bigCoordinator.id, email: bigCoordinator.email, serviceId: bigService.id, serviceName: bigService.name };
    for (let b = 0; b < scale.bigServiceBrugfiguren; b++) {
      addUser(`brugfiguur-vlaanderen-${b}@bench.example`, `Brugfiguur Vlaanderen ${b}`, [{ org: bigService, role: "brugfiguur", title: "brugfiguur" }], extra);
    }

    // ── Partner–school links with their default contact person ──────────
    // (decision 003: one ServiceSchool row per partner and school, whatever
    // the partner's kind). A CLB's ankerfiguren and a service's brugfiguren
    // take its schools in turn; the city's beheerder is its contact.
    const linkContacts = new Map<string, string>(); // `${partnerId}|${schoolId}` → userId
    const linked = new Map<string, number>(); // schools per partner so far
    const addLink = (partner: Org, school: Org, contacts: Person[], intake: string | null = null) => {
      const n = linked.get(partner.id) ?? 0;
      linked.set(partner.id, n + 1);
      const contact = contacts.length > 0 ? contacts[n % contacts.length]! : null;
      insert("ServiceSchool", LINK, [xid(), partner.id, school.id, contact?.id ?? null, "import", intake, created, created]);
      if (contact) linkContacts.set(`${partner.id}|${school.id}`, contact.id);
    };
    for (const s of schools) {
      addLink(s.clb, s, members.get(s.clb.id)!.slice(1)); // [0] is the CLB-directeur
      if (s.service) addLink(s.service, s, members.get(s.service.id)!.slice(1), s.intake); // [0] is the coordinator
      addLink(s.city, s, members.get(s.city.id)!);
    }
    for (const s of bigServiceSchools) {
      addLink(bigService, s, members.get(bigService.id)!.slice(1));
      insert("AuditEvent", AUDIT, [xid(), null, null, null, null, "school.onboarded", null, JSON.stringify({ serviceId: bigService.id, schoolId: s.id, instellingsnummer: s.instellingsnummer, source: "import" }), created]);
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
      // Signing order: the samenwerkingsovereenkomst in groups (the schools and
      // partners first, then the city), a fifth of the engagementsverklaringen
      // one after the other, the rest in parallel. The position is the group.
      const signingOrder = documentType === "samenwerkingsovereenkomst" ? "groepen" : documentType === "engagementsverklaring-brugfiguren" && extra() < 0.2 ? "sequentieel" : "parallel";
      const groupOf = (p: PartySpec, i: number) => (signingOrder === "groepen" ? (p.role === "lokaal_bestuur" ? 2 : 1) : i + 1);
      const createdAtText = sqlDate(createdAt);
      insert("Agreement", AGREEMENT, [agreementId, documentType, title, year, 1, status, signingOrder, status === "concept" ? 3 : 5, "{}", creator?.id ?? null, createdAtText, createdAtText]);
      // A concept's other parties have not all accepted yet; they name their own signatories.
      const invited = parties.map((_, i) => status === "concept" && i > 0 && extra() < 0.3);
      const partyIds = parties.map((p, position) => {
        const partyId = id();
        const acceptedBy = members.get(p.org.id)?.[0]?.id ?? null;
        insert("AgreementParty", PARTY, [partyId, agreementId, p.org.id, p.role, position, invited[position] ? "uitgenodigd" : "aanvaard", invited[position] ? null : createdAtText, invited[position] ? null : acceptedBy]);
        return partyId;
      });
      insert("AuditEvent", AUDIT, [id(), agreementId, null, creator?.id ?? null, null, "agreement.created", null, JSON.stringify({ documentType }), sqlDate(createdAt)]);

      // Named people (decision 003): each party's contact person for this
      // agreement — the school's zorgcoördinator, the CLB's ankerfiguur and the
      // service's brugfiguur for that school, the city's coordinator — named by
      // the party's first member. A welfare partner has nobody in Akkoord (its
      // reminders fall back to its beheerder, and the dashboard flags it).
      const school = parties.find((p) => p.role === "school")?.org;
      const contactIds = parties.map((p, i) => {
        const own = members.get(p.org.id) ?? [];
        const linkContact = school ? linkContacts.get(`${p.org.id}|${school.id}`) : undefined;
        const [contactRole, userId] =
          p.role === "school" ? ["zorgcoordinator", own[1]?.id]
          : p.role === "clb" ? ["ankerfiguur", linkContact]
          : p.role === "brugfiguren" ? ["brugfiguur", linkContact]
          : p.role === "lokaal_bestuur" ? ["coordinator", linkContact ?? own[0]?.id]
          : ["contactpersoon", own[0]?.id];
        if (!userId) return null;
        insert("AgreementContact", CONTACT, [xid(), agreementId, partyIds[i], contactRole, userId, own[0]?.id ?? null, createdAtText]);
        return userId;
      });

      // Signatories: the first member of each signing party; a school's
      // sometimes signs on behalf of its board. In a concept, an invited
      // party's signatory is only proposed, and some others too.
      const signatories = parties.flatMap((p, i) => {
        if (!p.signs) return [];
        const person = members.get(p.org.id)?.[0] ?? { name: `Ondertekenaar ${p.org.name}`, email: `ondertekenaar-${p.org.id}@bench.example`, id: "" };
        const signatoryId = id();
        const confirmed = !invited[i] && !(status === "concept" && extra() < 0.2);
        const forBoard = p.role === "school" && p.org.board && !p.org.board.boardName.startsWith("Gemeentebestuur") && extra() < 0.4 ? p.org.board : null;
        insert("Signatory", SIGNATORY, [
          signatoryId, agreementId, partyIds[i], person.name, p.title, person.email, "signer", groupOf(p, i), confirmed ? "bevestigd" : "voorgesteld",
          forBoard?.boardName ?? null, forBoard ? "gemandateerd door de raad van bestuur" : null,
          creator?.id ?? null, confirmed ? person.id || null : null, confirmed ? createdAtText : null,
        ]);
        return [{ id: signatoryId, name: person.name, email: person.email, partyRole: p.role, organisationId: p.org.id, title: p.title, group: groupOf(p, i) }];
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
          signatories: signatories.map((s) => ({ partyRole: s.partyRole, organisationId: s.organisationId, name: s.name, functionTitle: s.title, email: s.email, kind: "signer" as const, position: s.group })),
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
        // Under signature, the first signatory may have signed; a signatory
        // whose earlier group has not all signed waits, uninvited (as
        // sendForSigning leaves a sequential signer until it is its turn).
        const finished = status === "ondertekend" || status === "verlopen" || status === "gearchiveerd";
        const firstSigned = status === "ter_ondertekening" && signatories.length > 0 && chance(0.5);
        const waiting = signatories.map((s) => status === "ter_ondertekening" && signatories.some((o, j) => o.group < s.group && !(j === 0 && firstSigned)));
        signatories.forEach((s, i) => {
          const signed = finished || (i === 0 && firstSigned && !waiting[0]);
          const declined = status === "geweigerd" && i === signatories.length - 1;
          const expiresAt = new Date(sentAt.getTime() + 30 * 86_400_000);
          const signedAt = new Date(sentAt.getTime() + (1 + Math.floor(random() * 10)) * 86_400_000);
          const requestStatus = signed ? "ondertekend" : declined ? "geweigerd" : status === "geweigerd" ? "vervallen" : waiting[i] ? "wachtend" : "verstuurd";
          insert("SigningRequest", REQUEST, [id(), versionId, s.id, hex(32), sqlDate(expiresAt), requestStatus, waiting[i] ? null : sqlDate(sentAt), 0, signed || declined ? sqlDate(signedAt) : null]);
          if (!waiting[i]) insert("AuditEvent", AUDIT, [id(), agreementId, versionId, null, "Akkoord", "signing.invited", hash, JSON.stringify({ signatory: s.name, email: s.email }), sqlDate(sentAt)]);
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
        // This year's R and A roles often name the party's contact person.
        const bearerOf = (party: number) => (isCurrent && extra() < 0.5 ? contactIds[party] : null);
        insert("CommitmentRole", ROLE, [id(), commitmentId, partyIds[bearer], "R", bearerOf(bearer)]);
        if (partyIds.length > 1) {
          const roleId = id();
          const other = (bearer + 1) % partyIds.length;
          const rasci = chance(0.45) ? "A" : pick(["C", "I", "S"]);
          insert("CommitmentRole", ROLE, [roleId, commitmentId, partyIds[other], rasci, rasci === "A" ? bearerOf(other) : null]);
        }
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
    for (let i = 0; i < scale.outbox; i++) {
      const dueAt = new Date(now.getTime() - (1 + Math.floor(random() * 400)) * 86_400_000);
      insert("OutboxMessage", OUTBOX, [id(), `eval-14d:${hex(8)}:${hex(8)}:${brusselsDate(dueAt)}`, "eval-14d", `ontvanger${i}@bench.example`, "Evaluatie over 14 dagen", '{"text":"…","html":"…","attachments":[]}', sqlDate(dueAt), "sent", 1, sqlDate(dueAt), sqlDate(dueAt)]);
    }

    // ── "Brugfiguren Vlaanderen": engagementsverklaringen with its 2,000 ────
    // schools, last year and this year. After the outbox, so everything
    // before stays as it was.
    const bigCreator = members.get(bigService.id)![0];
    for (const year of years.slice(-2)) {
      for (const s of bigServiceSchools) {
        makeAgreement("engagementsverklaring-brugfiguren", "Engagementsverklaring", year, [
          { org: s, role: "school", signs: true, title: "directeur" },
          { org: bigService, role: "brugfiguren", signs: true, title: "coördinator brugfiguren" },
        ], 14, bigCreator);
      }
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
  return { file, coordinator: coordinatorInfo!, bigCoordinator: bigCoordinatorInfo!, bigClbUserId, clbUserId, schoolUserId, scale, counts, seconds: (Date.now() - started) / 1000 };
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
