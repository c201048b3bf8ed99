import { z } from "zod";

/** The largest value a Prisma `Int` column holds (a signed 32-bit integer in SQLite and PostgreSQL alike). */
export const MAX_DB_INT = 2_147_483_647;

// Digits only: no sign, exponent, hex, spaces or leading zeros; short enough
// that Number() is exact, then bounded by what the column can hold.
const PositiveDbInt = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .pipe(z.number().max(MAX_DB_INT));

/**
 * A positive whole number as written in a URL (a version number in a path or
 * query string), or null for anything else: a number no row can have
 * (2^63, 1e400) would otherwise reach the database and fail there (a 500).
 */
export function positiveDbInt(raw: string | null | undefined): number | null {
  const parsed = PositiveDbInt.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
