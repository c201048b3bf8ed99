// Canonical JSON and content hashes for frozen versions.
//
// A version's snapshot is stored as canonical JSON (AgreementVersion.content)
// and its SHA-256 (AgreementVersion.contentHash) is what signatories sign and
// what the sealed PDF and the audit log refer to. Canonical form follows
// RFC 8785 (JCS) for the values a snapshot holds: object keys sorted by UTF-16
// code units, recursively; no whitespace; arrays keep their order; strings and
// numbers serialised as ECMAScript's JSON.stringify does.
//
// Uses node:crypto: import from server code only.
import { createHash } from "node:crypto";
import type { VersionSnapshot } from "./snapshot";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function serialise(value: unknown, path: string, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number at ${path}`);
      return JSON.stringify(value); // -0 becomes "0", as in JCS
    case "object": {
      if (value === null) return "null";
      if (seen.has(value)) throw new Error(`canonicalJson: circular reference at ${path}`);
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          const items: string[] = [];
          for (let i = 0; i < value.length; i++) {
            if (!(i in value) || value[i] === undefined) {
              throw new Error(`canonicalJson: undefined array element at ${path}[${i}]`);
            }
            items.push(serialise(value[i], `${path}[${i}]`, seen));
          }
          return `[${items.join(",")}]`;
        }
        if (!isPlainObject(value)) {
          throw new Error(`canonicalJson: ${describe(value)} is not a JSON value (at ${path})`);
        }
        // Default sort compares UTF-16 code units, as RFC 8785 requires.
        const keys = Object.keys(value).sort();
        const members: string[] = [];
        for (const key of keys) {
          const member = value[key];
          if (member === undefined) continue;
          members.push(`${JSON.stringify(key)}:${serialise(member, `${path}.${key}`, seen)}`);
        }
        return `{${members.join(",")}}`;
      } finally {
        seen.delete(value);
      }
    }
    default:
      // undefined (outside an object), bigint, symbol, function
      throw new Error(`canonicalJson: ${describe(value)} is not a JSON value (at ${path})`);
  }
}

/**
 * Deterministic JSON: object keys sorted recursively, no whitespace, array
 * order kept, `undefined` object members left out. Throws on values JSON
 * cannot represent faithfully (NaN, Infinity, undefined outside an object,
 * bigint, functions, symbols, Dates and other class instances, cycles).
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, "$", new Set());
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The canonical content string of a snapshot and its SHA-256 (lowercase hex). */
export function hashSnapshot(snapshot: VersionSnapshot): { content: string; hash: string } {
  const content = canonicalJson(snapshot);
  return { content, hash: sha256Hex(content) };
}

/**
 * True when `hash` is the SHA-256 of the canonical form of the JSON in
 * `content`. False when the content is not JSON or the hash does not match.
 */
export function verifyContentHash(content: string, hash: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hash)) return false;
  let canonical: string;
  try {
    canonical = canonicalJson(JSON.parse(content));
  } catch {
    return false;
  }
  return sha256Hex(canonical) === hash.toLowerCase();
}

/**
 * A version's short fingerprint: the first four groups of four hex digits of
 * its content hash ("3f2a 9c1b 07d4 e8aa"): enough to tell versions apart by
 * eye and to read over the phone; the full hash stays available on demand.
 */
export function shortFingerprint(hash: string): string {
  return (hash.toLowerCase().slice(0, 16).match(/.{1,4}/g) ?? []).join(" ");
}
