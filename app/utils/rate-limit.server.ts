// An in-memory rate limit for anonymous pages (one server process, as with
// SQLite): at most `limit` attempts per key (a client address) within a
// sliding window. Bounded: it remembers at most `maxKeys` keys (the least
// recently seen are forgotten first) and at most `limit` moments per key.
import { LRUCache } from "lru-cache";

export type RateLimiter = {
  /** Counts an attempt by `key` at `now`; false (not counted) when the key is over its limit. */
  take(key: string, now: Date): boolean;
  /** Seconds until `key` may try again at `now` (0 when it may). */
  retryAfterSeconds(key: string, now: Date): number;
};

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys: number }): RateLimiter {
  const attempts = new LRUCache<string, number[]>({ max: options.maxKeys });
  const recent = (key: string, now: Date): number[] => {
    const since = now.getTime() - options.windowMs;
    const moments = (attempts.get(key) ?? []).filter((at) => at > since);
    attempts.set(key, moments);
    return moments;
  };
  return {
    take(key, now) {
      const moments = recent(key, now);
      if (moments.length >= options.limit) return false;
      moments.push(now.getTime());
      return true;
    },
    retryAfterSeconds(key, now) {
      const moments = recent(key, now);
      if (moments.length < options.limit) return 0;
      return Math.max(1, Math.ceil((moments[0]! + options.windowMs - now.getTime()) / 1000));
    },
  };
}
