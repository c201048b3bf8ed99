// Direct better-sqlite3 access to this test file's database (the one the
// servers use): sessions without a password round trip, and checksums of
// tables to prove that a rejected request wrote nothing.
import { createHash, randomBytes } from "node:crypto";
import Database from "better-sqlite3";

export function databaseFile(): string {
  return process.env.DATABASE_URL!.replace(/^file:/, "");
}

export function openDatabase(options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(databaseFile(), { readonly: options.readonly ?? false });
  db.pragma("busy_timeout = 10000");
  return db;
}

const sqlDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * A session row for the user (by e-mail) and the Cookie header value that
 * carries it: akkoord_sessie = base64(JSON(token)), as Remix's createCookie
 * writes it without secrets (app/utils/session.server.ts).
 */
export function sessionCookieFor(email: string, given?: Database.Database): string {
  const db = given ?? openDatabase();
  try {
    return insertSession(db, email);
  } finally {
    if (!given) db.close();
  }
}

function insertSession(db: Database.Database, email: string): string {
  const user = db.prepare(`SELECT "id" FROM "User" WHERE "email" = ?`).get(email) as { id: string } | undefined;
  if (!user) throw new Error(`no user ${email}`);
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  db.prepare(`INSERT INTO "Session" ("id", "userId", "expiresAt", "createdAt") VALUES (?, ?, ?, ?)`).run(
    createHash("sha256").update(token).digest("hex"),
    user.id,
    sqlDate(new Date(now.getTime() + 12 * 3_600_000)),
    sqlDate(now),
  );
  return `akkoord_sessie=${encodeURIComponent(Buffer.from(JSON.stringify(token)).toString("base64"))}`;
}

export const ALL_TABLES = (db: Database.Database): string[] =>
  (db.prepare(`SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%' AND "name" <> '_prisma_migrations' ORDER BY "name"`).pluck().all() as string[]);

/** SHA-256 per table over every row (in rowid order). */
export function tableChecksums(db: Database.Database, tables: readonly string[] = ALL_TABLES(db)): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const hash = createHash("sha256");
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().iterate()) {
      hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString("base64") : typeof v === "bigint" ? String(v) : v)));
      hash.update("\n");
    }
    sums[table] = hash.digest("hex");
  }
  return sums;
}

/** The tables whose checksum differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}
