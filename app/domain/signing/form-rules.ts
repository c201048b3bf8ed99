// Limits and messages of the signing forms (the link page and the in-app page), shared by the domain and
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

/** Signing in the app (sign-in-app.server.ts): the session plus the password as the proof. */
export const IN_APP_MESSAGES = {
  notSignatory: "Alleen de ondertekenaar zelf kan hier ondertekenen. U staat niet als ondertekenaar op deze overeenkomst.",
  passwordMissing: "Vul uw wachtwoord in.",
  passwordWrong: "Dit wachtwoord klopt niet. Probeer het opnieuw.",
  throttled: (seconds: number) => `Te veel foute wachtwoorden. Probeer het over ${seconds} seconden opnieuw.`,
  alreadySigned: "U hebt deze versie al ondertekend.",
  waiting: "U bent nog niet aan de beurt: de ondertekenaars vóór u moeten eerst ondertekenen.",
  closed: "Deze versie kan niet meer ondertekend worden: er is een nieuwere versie, of de ondertekening werd afgesloten.",
} as const;
