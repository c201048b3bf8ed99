// Audit actions written by the signing module, with their Dutch labels.
// Pure: safe for the browser. Merged into the general audit labels.
import { onBehalfOfText } from "~/domain/organisations/party-name";

export const SIGNING_ACTIONS = {
  sent: "signing.sent",
  invited: "signing.invited",
  linkOpened: "signing.link-opened",
  codeSent: "signing.code-sent",
  codeRateLimited: "signing.code-rate-limited",
  codeWrong: "signing.code-wrong",
  codeBlocked: "signing.code-blocked",
  codeExpired: "signing.code-expired",
  signed: "signing.signed",
  declined: "signing.declined",
  requestsLapsed: "signing.requests-lapsed",
  completed: "signing.completed",
  versionSuperseded: "signing.version-superseded",
  finalPdfStored: "signing.final-pdf-stored",
  finalPdfMailed: "signing.final-pdf-mailed",
  hashMismatch: "signing.hash-mismatch",
  mailFailed: "signing.mail-failed",
  linkResent: "signing.link-resent",
  linkRenewed: "signing.link-renewed",
  linkRenewalRefused: "signing.link-renewal-refused",
} as const;

export type SigningAction = (typeof SIGNING_ACTIONS)[keyof typeof SIGNING_ACTIONS];

export const SIGNING_AUDIT_LABELS: Record<SigningAction, string> = {
  "signing.sent": "Ter ondertekening verstuurd",
  "signing.invited": "Uitnodiging om te ondertekenen verstuurd",
  "signing.link-opened": "Ondertekenlink geopend",
  "signing.code-sent": "Eenmalige code verstuurd",
  "signing.code-rate-limited": "Te veel codes gevraagd",
  "signing.code-wrong": "Foute code ingevuld",
  "signing.code-blocked": "Code geblokkeerd na 5 foute pogingen",
  "signing.code-expired": "Verlopen code ingevuld",
  "signing.signed": "Ondertekend",
  "signing.declined": "Ondertekening geweigerd",
  "signing.requests-lapsed": "Open ondertekenlinks vervallen",
  "signing.completed": "Door iedereen ondertekend",
  "signing.version-superseded": "Vorige versie vervangen",
  "signing.final-pdf-stored": "Ondertekende PDF verzegeld en bewaard",
  "signing.final-pdf-mailed": "Ondertekende PDF gemaild",
  "signing.hash-mismatch": "Inhoud klopt niet met de hash: geweigerd",
  "signing.mail-failed": "E-mail kon niet verstuurd worden",
  "signing.link-resent": "Ondertekenlink opnieuw verstuurd (de vorige werkt niet meer)",
  "signing.link-renewed": "Nieuwe ondertekenlink aangevraagd via een verlopen link",
  "signing.link-renewal-refused": "Nieuwe ondertekenlink geweigerd: te veel aanvragen",
};

/**
 * The detail of a "signing.signed" event of a signatory who signed on behalf of
 * the board: "namens het schoolbestuur vzw … (mandate)"; null otherwise.
 */
export function signedOnBehalfDetail(data: { onBehalfOf?: unknown; mandate?: unknown }): string | null {
  if (typeof data.onBehalfOf !== "string") return null;
  return onBehalfOfText(data.onBehalfOf, typeof data.mandate === "string" ? data.mandate : null);
}
