// A cache for expensive read models (the dashboards) that is never stale after
// a write. Every entry is keyed by the database's data version: a dedicated
// read-only SQLite connection whose `PRAGMA data_version` changes whenever any
// other connection — this server's Prisma client, a CLI command, another
// process — commits. So a signature, a status change or an evaluation shows
// on the next request; between writes, a dashboard is computed once.
//
// Figures that depend on the clock alone (e.g. "unsigned for more than 14
// days") are bounded by the time-to-live instead.
import Database from "better-sqlite3";
import { LRUCache } from "lru-cache";
import { env } from "./env.server";
import { sqlitePathFromUrl } from "./sqlite-adapter.server";

type Watcher = { url: string; version: () => number | null };

let watcher: Watcher | undefined;

function openWatcher(url: string): Watcher {
  const file = sqlitePathFromUrl(url);
  if (file === ":memory:" || file === "") return { url, version: () => null };
  let connection: Database.Database | undefined;
  let statement: Database.Statement | undefined;
  return {
    url,
    version() {
      try {
        connection ??= new Database(file, { readonly: true, fileMustExist: true });
        statement ??= connection.prepare("PRAGMA data_version");
        return statement.pluck().get() as number;
      } catch {
        // No file yet or unreadable: no caching rather than a wrong answer.
        connection?.close();
        connection = undefined;
        statement = undefined;
        return null;
      }
    },
  };
}

/** The current data version of the app's database, or null when it cannot be watched. */
export function dataVersion(): number | null {
  const url = env().DATABASE_URL;
  if (watcher?.url !== url) watcher = openWatcher(url);
  return watcher.version();
}

export type ReadCache<T> = {
  /** The cached value for `key` at the current data version, loading it once when missing. */
  get(key: string, load: () => Promise<T>): Promise<T>;
  clear(): void;
};

/**
 * A bounded cache of read models. Concurrent requests for the same missing
 * key share one load; a failed load is not cached.
 */
export function createReadCache<T extends object>(options: { max: number; ttlMs: number }): ReadCache<T> {
  const cache = new LRUCache<string, Promise<T>>({ max: options.max, ttl: options.ttlMs });
  return {
    async get(key, load) {
      const version = dataVersion();
      if (version === null) return load();
      const versioned = `${version}\u0000${key}`;
      const hit = cache.get(versioned);
      if (hit) return hit;
      const pending = load();
      cache.set(versioned, pending);
      pending.catch(() => {
        if (cache.get(versioned) === pending) cache.delete(versioned);
      });
      return pending;
    },
    clear() {
      cache.clear();
    },
  };
}
