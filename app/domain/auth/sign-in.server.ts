import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { dummyPasswordHash, verifyPassword } from "~/utils/password.server";

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "rate_limited" };

// A burst of failures from one address (many e-mails) is blocked too.
const IP_FAILURE_FACTOR = 4;

/**
 * Checks an e-mail + password. Failed attempts are recorded; after
 * LOGIN_MAX_FAILURES failures for one address within LOGIN_WINDOW_MINUTES the
 * address is refused without checking the password.
 */
export async function signIn(options: {
  email: string;
  password: string;
  ipAddress: string | null;
  now?: Date;
}): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);

  const [emailFailures, ipFailures] = await Promise.all([
    db.loginAttempt.count({ where: { email, success: false, createdAt: { gt: since } } }),
    options.ipAddress
      ? db.loginAttempt.count({
          where: { ipAddress: options.ipAddress, success: false, createdAt: { gt: since } },
        })
      : Promise.resolve(0),
  ]);
  if (emailFailures >= LOGIN_MAX_FAILURES || ipFailures >= LOGIN_MAX_FAILURES * IP_FAILURE_FACTOR) {
    return { ok: false, reason: "rate_limited" };
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
  if (success && user) {
    // A successful sign-in clears the failure count for this address.
    await db.loginAttempt.deleteMany({ where: { email, success: false } });
    return { ok: true, userId: user.id };
  }
  return { ok: false, reason: "invalid" };
}
