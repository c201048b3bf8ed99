import { rmSync } from "node:fs";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

// Pragmas every connection needs: enforce foreign keys, wait instead of failing
// when another process holds the write lock.
const CONNECTION_PRAGMAS = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

/** Turns "file:./data/app.db" into a file path better-sqlite3 understands. */
export function sqlitePathFromUrl(url: string): string {
  return url.replace(/^file:/, "");
}

/**
 * The driver adapter for both the runtime client and the Prisma CLI.
 *
 * Two fixes make `prisma migrate dev` work with the JavaScript schema engine:
 * - it sends a whole multi-statement migration through `executeRaw`, which
 *   better-sqlite3 refuses; on the shadow database such SQL goes through
 *   `executeScript` instead;
 * - it expects an empty shadow database at every connection (the native engine
 *   uses a fresh temporary file), so the shadow file is removed first.
 */
export function createSqliteAdapter(
  url: string,
  options: { shadowDatabaseUrl?: string } = {},
): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url }, options);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      await adapter.executeScript(CONNECTION_PRAGMAS);
      return adapter;
    },
    async connectToShadowDb() {
      const shadowPath = options.shadowDatabaseUrl
        ? sqlitePathFromUrl(options.shadowDatabaseUrl)
        : ":memory:";
      if (shadowPath !== ":memory:") {
        for (const suffix of ["", "-wal", "-shm", "-journal"]) {
          rmSync(shadowPath + suffix, { force: true });
        }
      }
      return withScriptAwareExecuteRaw(await factory.connectToShadowDb());
    },
  };
}

function withScriptAwareExecuteRaw(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && isMultiStatement(query.sql)) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

function isMultiStatement(sql: string): boolean {
  // Strip comments and trailing semicolons; anything left with a ";" holds
  // more than one statement.
  const body = sql
    .replace(/--[^\n]*/g, "")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .trim()
    .replace(/;+\s*$/, "");
  return body.includes(";");
}
