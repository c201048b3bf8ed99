import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { dummyPasswordHash, verifyPassword } from "~/utils/password.server";
import { settleTurn, takeTurn, type ThrottleBucket } from "./login-throttle.server";

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

// One address trying many e-mails (password spraying) gets this many times
// the free tries of one account before its own delays start.
const IP_FAILURE_FACTOR = 4;

/** The two buckets a try counts in: this account from this address, and this address. */
function bucketsFor(email: string, ipAddress: string | null): { account: ThrottleBucket; address: ThrottleBucket } {
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env();
  const ip = ipAddress ?? "onbekend";
  const maxDelayMs = LOGIN_WINDOW_MINUTES * 60_000;
  return {
    account: { key: `account:${email} ip:${ip}`, freeTries: LOGIN_MAX_FAILURES, maxDelayMs },
    address: { key: `ip:${ip}`, freeTries: LOGIN_MAX_FAILURES * IP_FAILURE_FACTOR, maxDelayMs },
  };
}

function refused(retryAt: Date, now: Date): SignInResult {
  return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) };
}

/**
 * Checks an e-mail + password. Every try first takes a turn in two throttle
 * buckets, (e-mail, IP) and IP: LOGIN_MAX_FAILURES wrong passwords per
 * (e-mail, IP) go without delay, then each further try waits twice as long as
 * the one before, up to LOGIN_WINDOW_MINUTES. A try that has no turn yet is
 * refused without checking the password. Failures from one address never slow
 * down the same account at another address.
 */
export async function signIn(options: {
  email: string;
  password: string;
  ipAddress: string | null;
  now?: Date;
}): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  const buckets = bucketsFor(email, options.ipAddress);

  const accountTurn = await takeTurn(buckets.account, now);
  if (!accountTurn.ok) return refused(accountTurn.retryAt, now);
  const addressTurn = await takeTurn(buckets.address, now);
  if (!addressTurn.ok) {
    await settleTurn(buckets.account, accountTurn, "success", now); // this try was not evaluated
    return refused(addressTurn.retryAt, now);
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, active: true },
  });
  const valid = user
    ? await verifyPassword(user.passwordHash, options.password)
    : await verifyPassword(await dummyPasswordHash(), options.password).then(() => false);
  const success = Boolean(user?.active && valid);

  await db.loginAttempt.create({
    data: { email, ipAddress: options.ipAddress, success, createdAt: now },
  });
  await settleTurn(buckets.account, accountTurn, success ? "forget" : "failure", now);
  await settleTurn(buckets.address, addressTurn, success ? "success" : "failure", now);
  return success && user ? { ok: true, userId: user.id } : { ok: false, reason: "invalid" };
}
