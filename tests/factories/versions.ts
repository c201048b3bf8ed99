// A realistic frozen version, the way the "freeze" use case leaves it: an
// agreement between a school and its CLB with parties and signatories, and an
// AgreementVersion whose content is the canonical snapshot JSON and whose
// contentHash is its SHA-256 (hashSnapshot), plus its VersionClause rows.
import { allocateAgreementReference } from "~/domain/agreements/reference.server";
import { randomUUID } from "node:crypto";
import { hashSnapshot } from "~/domain/versions/hash";
import type { SnapshotClause, SnapshotCommitment, VersionSnapshot } from "~/domain/versions/snapshot";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";
import { sessionUserById } from "~/utils/session.server";

const unique = () => randomUUID().slice(0, 8);

export type ClauseSpec = { section: string; sectionTitle: string; title: string; text: string };

/** Dutch clause texts with the characters a PDF must keep: ë ï é ü “ ” – € ’. */
export const SAMPLE_CLAUSES: ClauseSpec[] = [
  {
    section: "doel-en-kader",
    sectionTitle: "Doel en kader",
    title: "Waarom deze afsprakennota",
    text: "De school en het CLB maken elk schooljaar samen afspraken over de leerlingenbegeleiding. Sinds 1 september 2020 neemt de school het initiatief; het CLB denkt actief mee.",
  },
  {
    section: "praktisch",
    sectionTitle: "Bereikbaarheid en praktische afspraken",
    title: "Hoe het CLB bereikbaar is",
    text: "Het CLB is bereikbaar op maandag, dinsdag en donderdag van 8.30 tot 16.30 uur. De vaste contactpersoon is de “ankerfiguur” Joëlle De Smet; zij antwoordt binnen twee werkdagen.",
  },
  {
    section: "praktisch",
    sectionTitle: "Bereikbaarheid en praktische afspraken",
    title: "Het lokaal voor het CLB-team",
    text: "De school stelt op dinsdag lokaal B.12 ter beschikking – met een afsluitbare kast en wifi. Kosten voor materiaal (maximaal € 250 per schooljaar) draagt de school.",
  },
  {
    section: "taakverdeling",
    sectionTitle: "Wie doet wat",
    title: "De zorgcoördinator als aanspreekpunt",
    text: "De zorgcoördinator brengt signalen samen en beslist na overleg met het CLB welke stap volgt. Naïeve oplossingen volstaan zelden: we bekijken samen ‘wat werkt’ in het zorgcontinuüm.",
  },
  {
    section: "evaluatie",
    sectionTitle: "Evaluatie en bijsturing",
    title: "Twee keer per jaar evalueren",
    text: "In januari en in juni evalueren de school en het CLB deze afspraken. Wie niet aanwezig kan zijn, wordt geïnformeerd via het verslag; coöperatie staat voorop.",
  },
];

const SAMPLE_COMMITMENTS: Array<Omit<SnapshotCommitment, "key" | "clauseKey">> = [
  {
    templateCommitmentId: null,
    what: "De school plant een startoverleg met het CLB in de eerste maand van het schooljaar.",
    bearerPartyRole: "school",
    rasci: { school: "R", clb: "C" },
    cadence: "eenmalig",
    howMeasured: "Het verslag van het startoverleg.",
    dueDate: "2026-09-30",
  },
  {
    templateCommitmentId: null,
    what: "Het CLB koppelt elk trimester kort terug aan de zorgcoördinator (stavaza).",
    bearerPartyRole: "clb",
    rasci: { clb: "R", school: "I" },
    cadence: "per-trimester",
    howMeasured: null,
    dueDate: null,
  },
];

export type SignatorySpec = {
  partyRole: "school" | "clb";
  name: string;
  functionTitle: string;
  email: string;
  kind?: "signer" | "cc";
};

export const DEFAULT_SIGNATORIES: SignatorySpec[] = [
  { partyRole: "school", name: "Anaïs Verbeke", functionTitle: "directeur", email: "anais.verbeke@school.test" },
  { partyRole: "clb", name: "Joëlle De Smet", functionTitle: "CLB-directeur", email: "joelle.desmet@clb.test" },
];

/** An agreement between a school and a CLB (created when not given), with signatories. */
export async function createSignableAgreement(
  options: {
    school?: { id: string };
    clb?: { id: string };
    createdById?: string | null;
    signatories?: SignatorySpec[];
    signingOrder?: "parallel" | "sequentieel";
    title?: string;
  } = {},
) {
  const schoolRef =
    options.school ??
    (await db.organisation.create({
      data: { kind: "school", name: `VBS De Regenboog ${unique()}`, instellingsnummer: String(100000 + Math.floor(Math.random() * 899999)), street: "Kerkstraat 12", postalCode: "9100", municipality: "Sint-Niklaas" },
    }));
  const clbRef =
    options.clb ??
    (await db.organisation.create({
      data: { kind: "clb", name: `Vrij CLB Waasland ${unique()}`, street: "Kalkstraat 38", postalCode: "9100", municipality: "Sint-Niklaas" },
    }));
  const school = await db.organisation.findUniqueOrThrow({ where: { id: schoolRef.id } });
  const clb = await db.organisation.findUniqueOrThrow({ where: { id: clbRef.id } });
  const agreement = await db.agreement.create({
    data: {
      documentType: "afsprakennota",
      reference: await db.$transaction((tx) => allocateAgreementReference(tx, { documentType: "afsprakennota", schoolYear: "2026-2027" })),
      title: options.title ?? `Afsprakennota school en CLB 2026-2027 (${unique()})`,
      schoolYear: "2026-2027",
      signingOrder: options.signingOrder ?? "parallel",
      createdById: options.createdById ?? null,
      parties: {
        create: [
          { organisationId: school.id, partyRole: "school", position: 0, status: "aanvaard" },
          { organisationId: clb.id, partyRole: "clb", position: 1, status: "aanvaard" },
        ],
      },
    },
    include: { parties: true },
  });
  const partyId = (role: string) => agreement.parties.find((p) => p.partyRole === role)!.id;
  const signatories = [];
  for (const [index, spec] of (options.signatories ?? DEFAULT_SIGNATORIES).entries()) {
    signatories.push(
      await db.signatory.create({
        data: {
          agreementId: agreement.id,
          partyId: partyId(spec.partyRole),
          name: spec.name,
          functionTitle: spec.functionTitle,
          email: spec.email,
          kind: spec.kind ?? "signer",
          position: index + 1,
          // Named by its own party (the accepted parties above).
          status: "bevestigd",
        },
      }),
    );
  }
  return { agreement, school, clb, signatories };
}

/**
 * Freezes the agreement's current state as its next version (status
 * "concept"): snapshot from the parties and signatories in the database and
 * the given clauses.
 */
export async function freezeVersion(
  agreementId: string,
  options: { clauses?: ClauseSpec[]; frozenById?: string | null; contentHashOverride?: string } = {},
) {
  const agreement = await db.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    include: {
      parties: { include: { organisation: true }, orderBy: { position: "asc" } },
      signatories: { orderBy: [{ position: "asc" }, { id: "asc" }] },
      versions: { select: { number: true } },
    },
  });
  const roleLabels: Record<string, string> = { school: "School", clb: "CLB" };
  const clauses: SnapshotClause[] = (options.clauses ?? SAMPLE_CLAUSES).map((c, i) => ({
    key: `clause-${i + 1}`,
    section: c.section,
    sectionTitle: c.sectionTitle,
    templateId: i % 2 === 0 ? `sjabloon-${c.section}` : null,
    templateVersion: i % 2 === 0 ? 1 : null,
    modified: i === 2,
    title: c.title,
    text: c.text,
    renderedText: c.text,
  }));
  const snapshot: VersionSnapshot = {
    format: 1,
    agreement: {
      id: agreement.id,
      documentType: agreement.documentType,
      title: agreement.title,
      schoolYear: agreement.schoolYear,
      yearCount: agreement.yearCount,
    },
    parties: agreement.parties.map((p) => ({
      partyRole: p.partyRole,
      partyRoleLabel: roleLabels[p.partyRole] ?? p.partyRole,
      organisationId: p.organisationId,
      name: p.organisation.name,
      kind: p.organisation.kind,
      instellingsnummer: p.organisation.instellingsnummer,
      address: p.organisation.street ? `${p.organisation.street}\n${p.organisation.postalCode ?? ""} ${p.organisation.municipality ?? ""}`.trim() : null,
    })),
    clauses,
    values: { schooljaar: agreement.schoolYear },
    commitments: SAMPLE_COMMITMENTS.map((c, i) => ({ ...c, key: `commitment-${i + 1}`, clauseKey: clauses[0]?.key ?? null })),
    signatories: agreement.signatories.map((s) => ({
      partyRole: agreement.parties.find((p) => p.id === s.partyId)!.partyRole,
      organisationId: agreement.parties.find((p) => p.id === s.partyId)!.organisationId,
      name: s.name,
      functionTitle: s.functionTitle,
      email: s.email,
      kind: s.kind === "cc" ? "cc" : "signer",
      position: s.position,
    })),
  };
  const { content, hash } = hashSnapshot(snapshot);
  const number = Math.max(0, ...agreement.versions.map((v) => v.number)) + 1;
  const version = await db.agreementVersion.create({
    data: {
      agreementId,
      number,
      content,
      contentHash: options.contentHashOverride ?? hash,
      frozenById: options.frozenById ?? null,
      clauses: {
        create: clauses.map((c, position) => ({
          position,
          section: c.section,
          templateId: c.templateId,
          templateVersion: c.templateVersion,
          title: c.title,
          text: c.renderedText,
          modified: c.modified,
        })),
      },
    },
  });
  return { version, snapshot };
}

/** createSignableAgreement + freezeVersion. */
export async function createFrozenVersion(options: Parameters<typeof createSignableAgreement>[0] & { clauses?: ClauseSpec[] } = {}) {
  const created = await createSignableAgreement(options);
  const { version, snapshot } = await freezeVersion(created.agreement.id, { clauses: options.clauses, frozenById: options.createdById ?? null });
  return { ...created, version, snapshot };
}

/** The SessionUser the routes would build for a user (for calling use cases directly). */
export function sessionUserFor(userId: string): Promise<SessionUser> {
  return sessionUserById(userId);
}

// ─── Reading what the signing module mailed (file transport) ───────────────

export type SentMail = {
  file: string;
  to: string[];
  subject: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; size: number }>;
};

/** Every message in the outbox directory, oldest first. */
export async function outboxMails(dir: string): Promise<SentMail[]> {
  const { listOutbox, readOutboxMessage } = await import("~/domain/mail/transports/file.server");
  const mails: SentMail[] = [];
  for (const entry of (await listOutbox(dir)).reverse()) {
    const message = await readOutboxMessage(dir, entry.file);
    if (message) {
      mails.push({ file: entry.file, to: message.headers.to, subject: message.headers.subject, text: message.text, attachments: message.attachments });
    }
  }
  return mails;
}

/** The personal signing token in an invitation e-mail. */
export function linkTokenIn(text: string): string | null {
  return /\/onderteken\/([A-Za-z0-9_-]{43})\b/.exec(text)?.[1] ?? null;
}

/** The one-time code in a code e-mail. */
export function codeIn(text: string): string | null {
  return /te ondertekenen is: (\d{6})\b/.exec(text)?.[1] ?? null;
}

/**
 * Every signatory of a sent version signs through the mailed link and code
 * (file transport in `outbox`), in order: the whole public signing path.
 */
export async function signAllThroughOutbox(signatories: Array<{ name: string; email: string }>, outbox: string): Promise<void> {
  const { requestOneTimeCode } = await import("~/domain/signing/one-time-code.server");
  const { signVersion } = await import("~/domain/signing/sign-version.server");
  for (const signer of signatories) {
    const mails = await outboxMails(outbox);
    const token = linkTokenIn(mails.find((m) => m.to.includes(signer.email) && m.subject.startsWith("Gevraagd"))!.text)!;
    await requestOneTimeCode({ token, audit: {} });
    const code = codeIn((await outboxMails(outbox)).filter((m) => m.to.includes(signer.email) && m.subject.startsWith("Uw code")).at(-1)!.text)!;
    await signVersion({ token, code, consent: true, fullName: signer.name, drawnSignature: null, audit: {} });
  }
}
