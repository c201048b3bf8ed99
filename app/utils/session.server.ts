import { createCookie, redirect } from "@remix-run/node";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "./db.server";
import { createReadCache } from "./read-cache.server";
import { env, isProduction } from "./env.server";
import { randomToken, sha256Hex } from "./crypto.server";
import { requestInfo } from "./request-info.server";
import type { SessionUser } from "~/domain/access/actor";
import type { Role } from "~/domain/organisations/kinds";

// The cookie carries a random 256-bit token; the database stores its SHA-256.
const sessionCookie = createCookie("akkoord_sessie", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  get secure() {
    return isProduction() && !env().INSECURE_COOKIES;
  },
});

export async function createUserSession(
  userId: string,
  request: Request,
  now = new Date(),
): Promise<string> {
  const token = randomToken();
  const { ipAddress, userAgent } = requestInfo(request);
  const expiresAt = new Date(now.getTime() + env().SESSION_TTL_HOURS * 3_600_000);
  await db.session.create({
    data: { id: sha256Hex(token), userId, expiresAt, createdAt: now, ipAddress, userAgent },
  });
  return sessionCookie.serialize(token, { expires: expiresAt });
}

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 && value.length < 200 ? value : null;
}

// Every page asks for the session (the root loader and the route's own loader),
// so it is read once per data version: signing out, a deactivation or a role
// change is a write and shows on the very next request.
const sessions = createReadCache<{ session: Awaited<ReturnType<typeof findSession>> }>({ max: 5_000, ttlMs: 60_000 });

// What a SessionUser is made of: the user and their active memberships.
const SESSION_USER_SELECT = {
  id: true,
  email: true,
  name: true,
  active: true,
  memberships: {
    where: { active: true },
    select: {
      organisationId: true,
      role: true,
      functionTitle: true,
      organisation: { select: { name: true, kind: true } },
    },
    orderBy: { organisation: { name: "asc" } },
  },
} satisfies Prisma.UserSelect;

type SessionUserRow = Prisma.UserGetPayload<{ select: typeof SESSION_USER_SELECT }>;

function toSessionUser(user: SessionUserRow): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    memberships: user.memberships.map((m) => ({
      organisationId: m.organisationId,
      organisationName: m.organisation.name,
      organisationKind: m.organisation.kind,
      role: m.role as Role,
      functionTitle: m.functionTitle,
    })),
  };
}

/** The SessionUser of a user without a session: for the seed and tests acting as that user. */
export async function sessionUserById(userId: string): Promise<SessionUser> {
  return toSessionUser(await db.user.findUniqueOrThrow({ where: { id: userId }, select: SESSION_USER_SELECT }));
}

function findSession(id: string) {
  return db.session.findUnique({
    where: { id },
    select: { id: true, expiresAt: true, user: { select: SESSION_USER_SELECT } },
  });
}

/** The signed-in user, or null. Expired sessions are removed. */
export async function getSessionUser(request: Request, now = new Date()): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const id = sha256Hex(token);
  const { session } = await sessions.get(id, async () => ({ session: await findSession(id) }));
  if (!session) return null;
  if (session.expiresAt <= now || !session.user.active) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  return toSessionUser(session.user);
}

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  const query = redirectTo === "/" ? "" : `?redirectTo=${encodeURIComponent(redirectTo)}`;
  throw redirect(`/inloggen${query}`);
}

/** Ends the session in the database and returns the Set-Cookie header that clears it. */
export async function destroyUserSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await db.session.deleteMany({ where: { id: sha256Hex(token) } });
  return sessionCookie.serialize("", { maxAge: 0, expires: new Date(0) });
}

// Anywhere in the value as sent: whitespace, control and format characters,
// and the backslash (browsers read it as "/"). A browser drops a tab or
// newline from a Location, so "/\t/evil.example" would become "//evil.example";
// CR/LF would make the Location header itself invalid.
const UNSAFE_IN_PATH = /[\s\p{Cc}\p{Cf}\\]/u;
// Once percent-decoded, the same except the ordinary space: "%20" is how a
// search with a space comes back (requireUser keeps the query string).
const UNSAFE_DECODED = /[^\S ]|[\p{Cc}\p{Cf}\\]/u;

/**
 * Where to go after signing in: only a path on this site ("/…", not "//…" or
 * "/\\…"), with no whitespace, control or format characters, also not once
 * percent-decoded; anything else (or undecodable) goes to `fallback`.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || UNSAFE_IN_PATH.test(to)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  if (UNSAFE_DECODED.test(decoded)) return fallback;
  const onThisSite = (path: string) => path.startsWith("/") && !path.startsWith("//");
  return onThisSite(to) && onThisSite(decoded) ? to : fallback;
}
