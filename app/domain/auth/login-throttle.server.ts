// Growing delays between sign-in tries, per bucket: one (e-mail, client IP)
// pair, and one client IP over all e-mails. A try is counted BEFORE the
// password is checked, with one conditional upsert that either takes a turn or
// refuses; so twenty tries sent at once are never all evaluated, and no count
// is read and then written. An attacker's failures from his address delay only
// his own tries: the account's owner at another address signs in as usual.
import { db } from "~/utils/db.server";

/** Counted tries are forgotten after this long without a new one. */
export const THROTTLE_FORGET_MS = 24 * 3_600_000;
/** The first delay, once the free tries are used; it doubles with every further failure. */
export const THROTTLE_FIRST_DELAY_MS = 5_000;

export interface ThrottleBucket {
  key: string;
  /** Tries evaluated without any delay. */
  freeTries: number;
  /** The longest delay between two tries. */
  maxDelayMs: number;
}

/** How long to wait after `failures` counted tries (0 while free tries are left). */
export function throttleDelayMs(failures: number, bucket: Pick<ThrottleBucket, "freeTries" | "maxDelayMs">): number {
  if (failures < bucket.freeTries) return 0;
  const doublings = Math.min(failures - bucket.freeTries, 30);
  return Math.min(THROTTLE_FIRST_DELAY_MS * 2 ** doublings, bucket.maxDelayMs);
}

export type Turn = { ok: true; failures: number } | { ok: false; retryAt: Date };

/**
 * Takes a turn in the bucket: counts the try, or refuses it when the bucket's
 * delay has not passed. A counted try beyond the free ones holds the bucket
 * (nextTryAt = now + the longest delay) until settleTurn sets its real delay,
 * so parallel tries cannot slip in between.
 */
export async function takeTurn(bucket: ThrottleBucket, now: Date): Promise<Turn> {
  const forgetBefore = new Date(now.getTime() - THROTTLE_FORGET_MS);
  const held = new Date(now.getTime() + bucket.maxDelayMs);
  const firstNext = bucket.freeTries > 1 ? now : held;
  const rows = await db.$queryRaw<Array<{ failures: number | bigint }>>`
    INSERT INTO "LoginThrottle" ("key", "failures", "lastFailureAt", "nextTryAt")
    VALUES (${bucket.key}, 1, ${now}, ${firstNext})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "LoginThrottle"."lastFailureAt" <= ${forgetBefore} THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
      "nextTryAt" = CASE
        WHEN "LoginThrottle"."lastFailureAt" > ${forgetBefore} AND "LoginThrottle"."failures" + 1 >= ${bucket.freeTries} THEN ${held}
        ELSE ${now} END,
      "lastFailureAt" = ${now}
    WHERE "LoginThrottle"."lastFailureAt" <= ${forgetBefore}
       OR "LoginThrottle"."failures" < ${bucket.freeTries}
       OR "LoginThrottle"."nextTryAt" <= ${now}
    RETURNING "failures"`;
  if (rows.length > 0) return { ok: true, failures: Number(rows[0]!.failures) };
  const row = await db.loginThrottle.findUnique({ where: { key: bucket.key }, select: { nextTryAt: true } });
  return { ok: false, retryAt: row?.nextTryAt ?? now };
}

/**
 * Ends a turn taken with takeTurn. A failure keeps the count and sets the
 * delay that goes with it; a success forgets the bucket (`forget`) or takes
 * the try back out of the count (a shared address: other people's successes
 * must not pile up).
 */
export async function settleTurn(
  bucket: ThrottleBucket,
  turn: { failures: number },
  outcome: "failure" | "success" | "forget",
  now: Date,
): Promise<void> {
  if (outcome === "forget") {
    await db.loginThrottle.deleteMany({ where: { key: bucket.key } });
    return;
  }
  const failures = outcome === "success" ? turn.failures - 1 : turn.failures;
  // Only while nobody else counted a try since ours (a later turn settles itself).
  await db.loginThrottle.updateMany({
    where: { key: bucket.key, failures: turn.failures },
    data: { failures, nextTryAt: new Date(now.getTime() + throttleDelayMs(failures, bucket)) },
  });
}
