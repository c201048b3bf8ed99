import { glossaryTermsIn } from "~/domain/templates/render";
import type { GlossaryEntry } from "~/domain/templates/schema";

// Writing aids for a clause: readability, jargon and a privacy warning.
// Pure functions: the drafting screen shows their results beside each clause.

/** Readability target: Flesch–Douma 60 and up reads "vrij makkelijk". */
export const READABILITY_TARGET = 60;

const VOWEL_GROUP = /[aeiouyàáâäèéêëìíîïòóôöùúûü]+/gi;

/** Dutch syllables, approximated by groups of vowels ("ui", "oe", "ij" count once). */
export function countSyllables(word: string): number {
  const groups = word.toLowerCase().match(VOWEL_GROUP)?.length ?? 0;
  return Math.max(1, groups);
}

export type Readability = { score: number; words: number; sentences: number; label: string; meetsTarget: boolean };

/**
 * Flesch–Douma for Dutch: 206.84 − 0.77 × syllables per 100 words − 0.93 ×
 * words per sentence. Placeholders ({{name}}) count as one short word.
 */
export function readability(text: string): Readability | null {
  const clean = text.replace(/\{\{\s*[a-zA-Z0-9]+\s*\}\}/g, "iets");
  const words = clean.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
  if (words.length === 0) return null;
  const sentences = Math.max(1, clean.split(/[.!?:;]+(?:\s|$)|\n\s*[-*•]\s+|\n{2,}/).filter((s) => /[\p{L}\p{N}]/u.test(s)).length);
  const syllables = words.reduce((sum, w) => sum + countSyllables(w), 0);
  const score = Math.round(206.84 - 0.77 * ((syllables / words.length) * 100) - 0.93 * (words.length / sentences));
  return { score, words: words.length, sentences, label: readabilityLabel(score), meetsTarget: score >= READABILITY_TARGET };
}

function readabilityLabel(score: number): string {
  if (score >= 80) return "makkelijk";
  if (score >= 60) return "vrij makkelijk";
  if (score >= 50) return "redelijk moeilijk";
  if (score >= 30) return "moeilijk";
  return "zeer moeilijk";
}

export type PrivacyWarning = { kind: "rijksregisternummer" | "telefoon" | "e-mail" | "naam"; excerpt: string; message: string };

const GENERIC_MAILBOXES = /^(info|secretariaat|administratie|directie|zorg|clb|onthaal|contact|school|brugfiguren|welzijn|noreply|no-reply|algemeen)\b/i;

/**
 * Signs that someone pasted pupil or family data: agreements are about
 * organisations and roles and must hold none. Heuristics, so the result is a
 * warning, never a refusal.
 */
export function privacyWarnings(text: string): PrivacyWarning[] {
  const warnings: PrivacyWarning[] = [];
  for (const m of text.matchAll(/\b\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}\b/g)) {
    warnings.push({ kind: "rijksregisternummer", excerpt: m[0], message: "Dit lijkt op een rijksregisternummer. Zet geen persoonsgegevens in een overeenkomst." });
  }
  for (const m of text.matchAll(/(?:\+32\s?|\b0)4\d{2}[\s./]?\d{2}[\s./]?\d{2}[\s./]?\d{2}\b/g)) {
    warnings.push({ kind: "telefoon", excerpt: m[0], message: "Dit lijkt op een privé-gsm-nummer. Gebruik het algemene nummer van de organisatie." });
  }
  for (const m of text.matchAll(/\b([\w.+-]+)@([\w-]+\.)+[a-z]{2,}\b/gi)) {
    const local = m[1] ?? "";
    const personal = !GENERIC_MAILBOXES.test(local) && (/[._-]/.test(local) || /@(gmail|hotmail|outlook|telenet|skynet|yahoo|icloud)\./i.test(m[0]));
    if (personal) {
      warnings.push({ kind: "e-mail", excerpt: m[0], message: "Dit lijkt op een persoonlijk e-mailadres. Gebruik een algemeen adres, zoals zorg@school.be." });
    }
  }
  const child = /\b(?:[Ll]eerling|[Kk]ind|[Zz]oon|[Dd]ochter|[Kk]leuter|[Jj]ongere|[Bb]roer|[Zz]us)\s+(?:van\s+)?([A-Z][a-zà-ÿ]+(?:\s+(?:[A-Z][a-zà-ÿ]+|van|de|der|den))*)/g;
  for (const m of text.matchAll(child)) {
    warnings.push({ kind: "naam", excerpt: m[0], message: "Dit lijkt op de naam van een kind of gezin. Zet geen leerling- of gezinsgegevens in een overeenkomst." });
  }
  const age = /\b([A-Z][a-zà-ÿ]+)\s*\(\s*\d{1,2}\s*(?:jaar|j\.)\s*\)/g;
  for (const m of text.matchAll(age)) {
    warnings.push({ kind: "naam", excerpt: m[0], message: "Dit lijkt op een kind met zijn leeftijd. Zet geen leerling- of gezinsgegevens in een overeenkomst." });
  }
  return warnings;
}

export type WritingAids = {
  readability: Readability | null;
  glossary: Array<{ term: string; explanation: string }>;
  privacy: PrivacyWarning[];
};

export function writingAids(text: string, glossary: readonly GlossaryEntry[]): WritingAids {
  return {
    readability: readability(text),
    glossary: glossaryTermsIn(text, glossary).map((g) => ({ term: g.term, explanation: g.explanation })),
    privacy: privacyWarnings(text),
  };
}
