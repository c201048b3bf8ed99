import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit.server";

const T0 = new Date("2026-12-07T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("createRateLimiter", () => {
  it("allows `limit` attempts per key within the window, then refuses until the oldest has left it", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, maxKeys: 100 });
    expect([0, 1_000, 2_000].map((ms) => limiter.take("a", at(ms)))).toEqual([true, true, true]);
    expect(limiter.take("a", at(3_000))).toBe(false);
    expect(limiter.retryAfterSeconds("a", at(3_000))).toBe(57);
    expect(limiter.take("b", at(3_000))).toBe(true); // another address has its own allowance
    expect(limiter.take("a", at(59_999))).toBe(false);
    expect(limiter.take("a", at(60_001))).toBe(true); // the attempt at 0 s left the window
    expect(limiter.take("a", at(60_002))).toBe(false);
    expect(limiter.retryAfterSeconds("b", at(60_002))).toBe(0);
  });

  it("refused attempts do not count, so waiting out the window always helps", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000, maxKeys: 100 });
    expect(limiter.take("a", at(0))).toBe(true);
    for (let ms = 1_000; ms < 10_000; ms += 1_000) expect(limiter.take("a", at(ms))).toBe(false);
    expect(limiter.take("a", at(10_001))).toBe(true);
  });

  it("remembers at most maxKeys addresses (the least recently seen are forgotten)", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    expect(limiter.take("a", at(0))).toBe(true);
    expect(limiter.take("b", at(0))).toBe(true);
    expect(limiter.take("c", at(0))).toBe(true);
    expect(limiter.take("b", at(1))).toBe(false);
    expect(limiter.take("a", at(1))).toBe(true); // forgotten
  });
});
