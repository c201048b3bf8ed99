// Limits and messages of the public signing form, shared by the domain and
// the page (pure: safe for the browser).

export const REASON_MAX = 2000;

export const SIGN_MESSAGES = {
  consent: "Vink aan dat u het document gelezen hebt en akkoord gaat.",
  nameMissing: "Typ uw volledige naam.",
  nameMismatch: (expected: string) => `Typ uw naam zoals ze op het document staat: ${expected}.`,
} as const;

export const DECLINE_MESSAGES = {
  reasonMissing: "Schrijf kort waarom u niet ondertekent.",
  reasonTooLong: `De reden is te lang: hoogstens ${REASON_MAX} tekens.`,
} as const;
