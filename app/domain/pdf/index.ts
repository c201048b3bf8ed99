// Public API of the PDF module: the only place in the app that uses pdf-lib
// and the PDF signer.

export { renderAgreementPdf, DEMO_PDF_FOOTER, DEMO_PDF_AUDIT_NOTICE } from "./render-agreement-pdf.server";
export {
  sealPdf,
  loadOrCreateSealCertificate,
  normaliseFingerprint,
  DEV_CERT_COMMON_NAME,
  type SealCertificateConfig,
} from "./seal.server";
export { verifySealedPdf, extractVersionHash, PROBLEMS as SEAL_PROBLEMS } from "./verify.server";
export {
  VERSION_HASH_INFO_KEY,
  AGREEMENT_REFERENCE_INFO_KEY,
  VERSION_NUMBER_INFO_KEY,
  VERSION_HASH_KEYWORD_PREFIX,
} from "./constants";
export type * from "./types";
