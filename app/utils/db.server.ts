import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";
import { createSqliteAdapter, sqlitePathFromUrl } from "./sqlite-adapter.server";

export type Db = PrismaClient;

function createClient(url: string): PrismaClient {
  const file = sqlitePathFromUrl(url);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return new PrismaClient({ adapter: createSqliteAdapter(url) });
}

// One client per process, kept across dev-server reloads.
const globalForDb = globalThis as unknown as { __akkoordDb?: PrismaClient };

export const db: PrismaClient = (globalForDb.__akkoordDb ??= createClient(env().DATABASE_URL));
