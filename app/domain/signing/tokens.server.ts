// Personal signing links and one-time codes. Only hashes are stored: the link
// token lives in the invitation e-mail, the code in the code e-mail. While the
// invitation waits in the outbox it holds a random seed, never the token: the
// token is the seed's HMAC under the server secret (utils/secret.server.ts),
// derived again when the mail leaves.
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { linkTokenFromSeed } from "~/utils/secret.server";
import { otpHmacKey } from "./otp-key.server";

/** 256 random bits, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newLinkToken(): { token: string; tokenHash: string; seed: string } {
  const seed = randomToken(32);
  const token = linkTokenFromSeed(seed);
  return { token, tokenHash: sha256Hex(token), seed };
}

/** The stored form of a link token, or null when it cannot be one of ours. */
export function hashLinkToken(token: string): string | null {
  return TOKEN_PATTERN.test(token) ? sha256Hex(token) : null;
}

/** A hash nobody holds the token for: for requests that wait for their turn. */
export function placeholderTokenHash(): string {
  return sha256Hex(`wachtend:${randomToken(32)}`);
}

export function signingUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/onderteken/${token}`;
}

/** Six digits, uniformly random. */
export function newOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * HMAC-SHA-256 of (request id, code) with the server secret: a million
 * possible codes are tried in a second against a plain hash, but not without
 * the key. The request id makes equal codes of two requests differ.
 */
export function hashOneTimeCode(requestId: string, code: string, key: string = otpHmacKey()): string {
  return createHmac("sha256", key).update(`${requestId}:${code}`).digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** What a person typed as code: digits only, spaces and dashes ignored. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, "");
}
