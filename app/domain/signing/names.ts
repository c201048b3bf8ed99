// Does the typed name match the signatory's name? Rule (documented for users
// on the signing page): the same name, ignoring upper/lower case, accents,
// punctuation such as hyphens and apostrophes, and extra spaces.
// "Anaïs Van den Broeck-Peeters" matches "anais van den broeck peeters".
// Pure: safe for client and server.

export function normaliseName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLocaleLowerCase("nl-BE")
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function namesMatch(typed: string, expected: string): boolean {
  const a = normaliseName(typed);
  return a !== "" && a === normaliseName(expected);
}
