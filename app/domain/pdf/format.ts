// Date formatting for the PDF: always Europe/Brussels, nl-BE, like "22/11/2026 om 14:05".

const brusselsFormatter = new Intl.DateTimeFormat("nl-BE", {
  timeZone: "Europe/Brussels",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export function formatBrusselsDateTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return "onbekend tijdstip";
  const parts: Record<string, string> = {};
  for (const part of brusselsFormatter.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.day}/${parts.month}/${parts.year} om ${parts.hour}:${parts.minute}`;
}

/**
 * The first 16 hex digits of a SHA-256 in groups of four ("3f7a 9c0e 5b1d 2468"):
 * enough to tell versions apart by eye; the full hash stands in the audit annex.
 */
export function shortFingerprint(hash: string): string {
  const hex = hash.toLowerCase().replace(/[^0-9a-f]/g, "").slice(0, 16);
  return hex.match(/.{1,4}/g)?.join(" ") ?? "";
}
