// Where one signatory's signing request stands. The one vocabulary for it: the
// public signing page, the agreement's draft page and the mails say these words.
// It sits beside the agreement statuses, a floor below signing/ and drafting/
// (signing/ uses drafting/), so both read it. Pure, safe for the browser.

export const SIGNING_REQUEST_STATUSES = ["wachtend", "verstuurd", "ondertekend", "geweigerd", "verlopen", "vervallen"] as const;
export type SigningRequestStatus = (typeof SIGNING_REQUEST_STATUSES)[number];

export const SIGNING_REQUEST_STATUS_LABELS: Record<SigningRequestStatus, string> = {
  wachtend: "nog niet aan de beurt",
  verstuurd: "nog te ondertekenen",
  ondertekend: "ondertekend",
  geweigerd: "geweigerd",
  verlopen: "link verlopen",
  vervallen: "vervallen",
};

/** The label of a stored request status; a value the vocabulary does not know is shown as it is. */
export function signingRequestStatusLabel(status: string): string {
  return (SIGNING_REQUEST_STATUSES as readonly string[]).includes(status) ? SIGNING_REQUEST_STATUS_LABELS[status as SigningRequestStatus] : status;
}
