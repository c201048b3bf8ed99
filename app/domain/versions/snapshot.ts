// The frozen content of one agreement version. Stored as canonical JSON in
// AgreementVersion.content; its SHA-256 is AgreementVersion.contentHash.
// Renewal (next school year) and comparison read this format, so fields are
// only ever added (raise `format` when a change is not backward compatible).

export type SnapshotParty = {
  partyRole: string;
  partyRoleLabel: string;
  organisationId: string;
  name: string;
  kind: string;
  instellingsnummer: string | null;
  address: string | null;
  /** The board that ran the organisation when the version was frozen (absent when it had none, and in older versions). */
  boardName?: string;
  boardNumber?: string;
};

export type SnapshotClause = {
  /** Stable across versions of one agreement (the draft clause id): how comparison pairs clauses. */
  key: string;
  section: string;
  sectionTitle: string;
  templateId: string | null;
  templateVersion: number | null;
  /** True when the text was edited for this agreement only. */
  modified: boolean;
  title: string;
  /** The clause text with {{variables}}, as drafted. */
  text: string;
  /** The text with the agreement's values filled in, as signed. */
  renderedText: string;
};

export type SnapshotCommitment = {
  key: string;
  clauseKey: string | null;
  templateCommitmentId: string | null;
  what: string;
  bearerPartyRole: string | null;
  /** Each party of the bearer's role is bound on its own (one tracked commitment per party); absent = together. */
  each?: boolean;
  rasci: Record<string, string>;
  cadence: string;
  howMeasured: string | null;
  dueDate: string | null;
  /** Plain-language due moment from the template ("voor de herfstvakantie"). */
  dueHint?: string | null;
};

export type SnapshotSignatory = {
  partyRole: string;
  organisationId: string;
  name: string;
  functionTitle: string;
  email: string;
  kind: "signer" | "cc";
  position: number;
  /** Who named this signatory, "Naam (Organisatie)" (absent in versions frozen before this was kept). */
  namedBy?: string | null;
  /** Who of the signatory's own party confirmed it; null when the party accepts by signing. */
  confirmedBy?: string | null;
  /** Signs on behalf of this board (its name when named); absent when signing for the party itself. */
  onBehalfOf?: string;
  /** The mandate for signing on behalf of the board, e.g. "gemandateerd door de raad van bestuur van 12 juni 2026". */
  mandate?: string;
};

export type VersionSnapshot = {
  format: 1;
  agreement: {
    id: string;
    documentType: string;
    title: string;
    schoolYear: string;
    yearCount: number;
    /** parallel | sequentieel | groepen (absent in versions frozen before this was kept); with "groepen" each signatory's position is its group. */
    signingOrder?: string;
  };
  parties: SnapshotParty[];
  clauses: SnapshotClause[];
  /** Variable values by name (strings, numbers or string lists). */
  values: Record<string, string | number | string[]>;
  commitments: SnapshotCommitment[];
  signatories: SnapshotSignatory[];
};
