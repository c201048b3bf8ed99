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
      return withSerialisedAccess(adapter);
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

/** A FIFO lock: one holder at a time. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/**
 * The adapter shares one SQLite connection between all queries. Its own lock
 * only orders transactions, so a query outside a transaction could run in the
 * middle of another caller's open transaction: it would read uncommitted data
 * and, when that transaction rolls back, a write would be lost with it. Here
 * every query outside a transaction waits until no transaction is open, and a
 * transaction starts only when nothing else runs.
 */
function withSerialisedAccess(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock();
  const guard = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await lock.acquire();
      try {
        return await fn(...args);
      } finally {
        release();
      }
    };
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.queryRaw = guard(queryRaw);
  adapter.executeRaw = guard(executeRaw);
  adapter.executeScript = guard(executeScript);
  adapter.startTransaction = async (isolationLevel) => {
    const release = await lock.acquire();
    try {
      const tx = await startTransaction(isolationLevel);
      let released = false;
      const finish = <R>(fn: () => Promise<R>) => async (): Promise<R> => {
        try {
          return await fn();
        } finally {
          if (!released) {
            released = true;
            release();
          }
        }
      };
      tx.commit = finish(tx.commit.bind(tx));
      tx.rollback = finish(tx.rollback.bind(tx));
      return tx;
    } catch (error) {
      release();
      throw error;
    }
  };
  return adapter;
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
