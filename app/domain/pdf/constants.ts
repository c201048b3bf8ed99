// Keys under which the renderer stores identifying data in the PDF Info dictionary.

/** Custom Info key holding the version's SHA-256 (lowercase hex). */
export const VERSION_HASH_INFO_KEY = "AkkoordVersionHash";
/** Custom Info key holding the agreement's human reference ("AN-2026-0042"); the database id is never written. */
export const AGREEMENT_REFERENCE_INFO_KEY = "AkkoordReference";
/** Custom Info key holding the version number. */
export const VERSION_NUMBER_INFO_KEY = "AkkoordVersionNumber";
/** Prefix of the keyword that repeats the version hash in /Keywords. */
export const VERSION_HASH_KEYWORD_PREFIX = "akkoord-versie-sha256:";
