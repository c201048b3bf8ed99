// Input for the agreement PDF. Deliberately independent of the database: the
// caller maps a stored agreement version onto this plain structure. All strings
// are shown to the reader as they are (Dutch, nl-BE); the module adds only its
// own fixed Dutch labels ("Partijen", "Afspraken", "pagina x van y", ...).

export type AgreementPdfWatermark = "CONCEPT";

export interface AgreementPdfParty {
  /** E.g. "School", "CLB", "Brugfigurenwerking". */
  roleLabel: string;
  name: string;
  /** May contain newlines; each line is printed separately. */
  address?: string | null;
  instellingsnummer?: string | null;
  /** "Ingericht door …": the board (schoolbestuur) that runs the organisation; the cover prints the line when it is given. */
  board?: string | null;
  /** The organisation's logo (PNG or JPEG, checked on upload); drawn on the cover. */
  logo?: AgreementPdfImage | null;
}

export interface AgreementPdfImage {
  bytes: Uint8Array;
  mimeType: "image/png" | "image/jpeg";
}

export interface AgreementPdfClause {
  title: string;
  /**
   * Plain text. Newlines start a new paragraph, an empty line adds extra space,
   * lines starting with "- " are rendered as indented bullets ("•").
   */
  text: string;
  /** E.g. "sjabloon clb-bereikbaarheid v2, aangepast". Listed in the audit annex ("Herkomst van de bepalingen"). */
  provenance?: string | null;
}

export interface AgreementPdfSection {
  title: string;
  clauses: AgreementPdfClause[];
}

export interface AgreementPdfCommitment {
  /** Column "Wat". */
  what: string;
  /** Column "Wie". */
  bearer: string;
  /** Column "Tegen wanneer", e.g. "30/09/2026" or "elk trimester". */
  dueLabel: string;
  /** Column "RASCI", e.g. "School: R · CLB: A". */
  rasci: string;
}

export interface AgreementPdfSignature {
  name: string;
  function: string;
  organisation: string;
  signedAt: Date;
  /** Who named this signatory, e.g. "Jan Peeters (VBS De Wereldreiziger)"; printed as "Aangeduid door …". */
  namedBy?: string | null;
  /** Who of the signatory's party confirmed a signatory another party proposed; printed as "Bevestigd door …". */
  confirmedBy?: string | null;
  /** The board this signatory signs on behalf of ("namens het schoolbestuur …"); null = for the organisation itself. */
  onBehalfOf?: string | null;
  /** The mandate for signing on behalf of the board. */
  mandate?: string | null;
  /** PNG bytes of the drawn signature (a JPEG is accepted as well). */
  drawnSignaturePng?: Uint8Array | null;
}

export interface AgreementPdfAuditEvent {
  at: Date;
  actor: string;
  /** Dutch label, e.g. "Versie ondertekend". */
  action: string;
  detail?: string | null;
}

export interface AgreementPdfInput {
  /** The agreement's database id: for the caller's bookkeeping; never written into the PDF. */
  agreementId: string;
  /** The agreement's human reference, e.g. "AN-2026-0042": on the cover and in every footer. */
  reference?: string | null;
  /**
   * The stored title, e.g. "Afsprakennota 2026-2027 — VBS X × CLB Y". The cover
   * shows the part before " — " as its heading and lists the parties below it.
   */
  title: string;
  /** Footer title; defaults to `title` (shortened with "…" when too long). */
  shortTitle?: string | null;
  /** E.g. "Samenwerkingsovereenkomst". */
  documentTypeLabel: string;
  /** E.g. "2026-2027"; printed as "Schooljaar 2026-2027". Takes precedence over periodLabel. */
  schoolYear?: string | null;
  /** Free period label printed as is, e.g. "1 september 2026 – 31 augustus 2027". */
  periodLabel?: string | null;
  versionNumber: number;
  /** SHA-256 (hex) of the version's canonical content. */
  versionHash: string;
  parties: AgreementPdfParty[];
  sections: AgreementPdfSection[];
  commitments: AgreementPdfCommitment[];
  signatures: AgreementPdfSignature[];
  auditEvents: AgreementPdfAuditEvent[];
  watermark?: AgreementPdfWatermark | null;
  /**
   * Rendered by a demo installation (AKKOORD_MODE=demo): every footer and the
   * audit annex say the document and its seal are not real.
   */
  demo?: boolean;
  /** Used for the PDF creation/modification date, so equal input gives equal bytes. */
  generatedAt: Date;
  /**
   * Prefix section titles with "1.", "2.", … and clause titles with "1.1", "1.2", ….
   * Default true; switch off when the titles already carry their own numbering.
   */
  numbering?: boolean;
}

export interface SealCertificate {
  p12: Buffer;
  passphrase: string;
  /** SHA-256 of the certificate's DER encoding, lowercase hex without separators. */
  fingerprint: string;
}

export interface SealOptions {
  /** Default "Verzegeld door Akkoord". */
  reason?: string;
  /** Default "Akkoord". */
  location?: string;
  /** Default "Akkoord". */
  name?: string;
  /** Default: now. */
  signingTime?: Date;
}

export interface SealVerification {
  /** A filled-in signature (ByteRange + Contents) was found. */
  sealed: boolean;
  /** The signed bytes match the CMS messageDigest and the CMS signature verifies with the embedded certificate. */
  intact: boolean;
  /** The ByteRange covers the whole file except the Contents hole (nothing appended or left out). */
  coversWholeFile: boolean;
  /** The signer certificate's SHA-256 fingerprint is one of the trusted fingerprints. */
  trusted: boolean;
  /** Common name (CN) of the signer certificate. */
  signerName?: string;
  /** signingTime attribute from the CMS, or else /M from the signature dictionary. */
  signingTime?: Date;
  /** SHA-256 fingerprint (lowercase hex) of the signer certificate. */
  signerFingerprint?: string;
  /** Short Dutch descriptions of what is wrong; empty when everything is fine. */
  problems: string[];
}
