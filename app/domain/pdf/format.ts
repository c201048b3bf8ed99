// Formatting for the PDF; Brussels dates come from ~/domain/calendar/brussels-format.

/**
 * The first 16 hex digits of a SHA-256 in groups of four ("3f7a 9c0e 5b1d 2468"):
 * enough to tell versions apart by eye; the full hash stands in the audit annex.
 */
export function shortFingerprint(hash: string): string {
  const hex = hash.toLowerCase().replace(/[^0-9a-f]/g, "").slice(0, 16);
  return hex.match(/.{1,4}/g)?.join(" ") ?? "";
}
