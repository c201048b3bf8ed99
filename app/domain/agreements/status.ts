// Where an agreement and its versions stand, with their Dutch labels. The one
// vocabulary for them: pages, the PDF, the CSV exports and the mails say these
// words. Pure, safe for the browser.

export const AGREEMENT_STATUSES = ["concept", "ter_ondertekening", "ondertekend", "geweigerd", "verlopen", "gearchiveerd", "vervangen"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  concept: "Concept",
  ter_ondertekening: "Ter ondertekening",
  ondertekend: "Ondertekend",
  geweigerd: "Geweigerd",
  verlopen: "Verlopen",
  gearchiveerd: "Gearchiveerd",
  vervangen: "Vervangen",
};

export function isAgreementStatus(value: string): value is AgreementStatus {
  return (AGREEMENT_STATUSES as readonly string[]).includes(value);
}

/** The label of a stored status (of an agreement or a version); a value the vocabulary does not know is shown as it is. */
export function agreementStatusLabel(status: string): string {
  return isAgreementStatus(status) ? AGREEMENT_STATUS_LABELS[status] : status;
}

/** The statuses a list of agreements, and its CSV export, can be filtered on. */
export const AGREEMENT_FILTER_STATUSES = ["concept", "ter_ondertekening", "ondertekend", "geweigerd", "verlopen"] as const satisfies readonly AgreementStatus[];
