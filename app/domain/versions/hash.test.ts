import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashSnapshot, verifyContentHash } from "./hash";
import type { VersionSnapshot } from "./snapshot";

function snapshot(): VersionSnapshot {
  return {
    format: 1,
    agreement: { id: "agr1", documentType: "afsprakennota", title: "Afsprakennota 2026-2027", schoolYear: "2026-2027", yearCount: 1 },
    parties: [
      { partyRole: "school", partyRoleLabel: "School", organisationId: "org-s", name: "VBS De Wereldreiziger", kind: "school", instellingsnummer: "012345", address: null },
      { partyRole: "clb", partyRoleLabel: "CLB", organisationId: "org-c", name: "CLB Waasland", kind: "clb", instellingsnummer: null, address: "Kazernestraat 1, 9100 Sint-Niklaas" },
    ],
    clauses: [
      { key: "c1", section: "doelen", sectionTitle: "Doelen", templateId: "t1", templateVersion: 2, modified: false, title: "Samenwerking", text: "De school en {{clb}} werken samen.", renderedText: "De school en CLB Waasland werken samen." },
      { key: "c2", section: "doelen", sectionTitle: "Doelen", templateId: null, templateVersion: null, modified: true, title: "Overleg", text: "Overleg om de {{weken}} weken.", renderedText: "Overleg om de 6 weken." },
    ],
    values: { clb: "CLB Waasland", weken: 6, dagen: ["maandag", "donderdag"] },
    commitments: [],
    signatories: [
      { partyRole: "school", organisationId: "org-s", name: "An Peeters", functionTitle: "directeur", email: "an@school.test", kind: "signer", position: 1 },
    ],
  };
}

/** The same object with every object's keys in reverse insertion order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
  }
  return value;
}

describe("canonicalJson", () => {
  it("sorts keys recursively, keeps array order and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { z: [3, 1, { y: true, x: null }], c: "s" } })).toBe(
      '{"a":{"c":"s","z":[3,1,{"x":null,"y":true}]},"b":1}',
    );
  });

  it("sorts by UTF-16 code units, not by locale", () => {
    // "Z" (0x5A) < "a" (0x61) < "é" (0xE9) < "€" (0x20AC) < "😀" (0xD83D…) < "ﬀ" (0xFB00)
    expect(canonicalJson({ "ﬀ": 6, "😀": 5, "€": 4, é: 3, a: 2, Z: 1 })).toBe('{"Z":1,"a":2,"é":3,"€":4,"😀":5,"ﬀ":6}');
  });

  it("leaves out undefined members and serialises numbers like JSON.stringify", () => {
    expect(canonicalJson({ a: undefined, b: -0, c: 1e21, d: 0.1 })).toBe('{"b":0,"c":1e+21,"d":0.1}');
  });

  it("rejects values JSON cannot represent", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/non-finite/);
    expect(() => canonicalJson(undefined)).toThrow(Error);
    expect(() => canonicalJson([1, undefined])).toThrow(/undefined/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/Date/);
    expect(() => canonicalJson({ n: 10n })).toThrow(/bigint/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(Error);
    expect(() => canonicalJson(new Map())).toThrow(Error);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });

  it("accepts the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it("property: parses back to the same value and is a fixed point", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reverseKeys(value))).toBe(text);
      }),
    );
  });
});

describe("hashSnapshot", () => {
  it("returns the canonical content and the SHA-256 hex of its UTF-8 bytes", () => {
    const { content, hash } = hashSnapshot(snapshot());
    expect(content).toBe(canonicalJson(snapshot()));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash("sha256").update(Buffer.from(content, "utf8")).digest("hex"));
  });

  it("gives the same hash for the same content with a different key order", () => {
    const a = hashSnapshot(snapshot());
    const b = hashSnapshot(reverseKeys(snapshot()));
    expect(b.content).toBe(a.content);
    expect(b.hash).toBe(a.hash);
  });

  it("changes the hash for any change of content", () => {
    const base = hashSnapshot(snapshot()).hash;
    const variants: Array<(s: VersionSnapshot) => void> = [
      (s) => (s.clauses[0]!.renderedText = "De school en CLB Waasland werken nauw samen."),
      (s) => (s.values.weken = 8),
      (s) => (s.values.weken = "6"),
      (s) => (s.values.dagen = ["donderdag", "maandag"]),
      (s) => s.clauses.reverse(),
      (s) => (s.clauses[1]!.modified = false),
      (s) => (s.parties[0]!.address = ""),
      (s) => (s.signatories[0]!.email = "An@school.test"),
    ];
    const hashes = variants.map((change) => {
      const s = snapshot();
      change(s);
      return hashSnapshot(s).hash;
    });
    for (const hash of hashes) expect(hash).not.toBe(base);
    expect(new Set(hashes).size).toBe(variants.length);
  });

  it("keeps non-ASCII text stable (é, ë, curly quotes, €)", () => {
    const s = snapshot();
    s.clauses[0]!.renderedText = "De coördinator zorgt voor “overleg” over het budget van € 250 — één keer per jaar, ook in Noël’s klas.";
    const { content, hash } = hashSnapshot(s);
    expect(content).toContain("“overleg”");
    expect(content).toContain("€ 250");
    expect(content).not.toMatch(/\\u/);
    expect(hashSnapshot(reverseKeys(JSON.parse(content) as VersionSnapshot)).hash).toBe(hash);
    expect(hash).toBe(createHash("sha256").update(Buffer.from(content, "utf8")).digest("hex"));
    // Composed and decomposed "é" are different text: no silent normalisation.
    s.clauses[0]!.renderedText = s.clauses[0]!.renderedText.normalize("NFD");
    expect(hashSnapshot(s).hash).not.toBe(hash);
  });

  it("is pinned for a fixed snapshot (a change here breaks every stored hash)", () => {
    const { content, hash } = hashSnapshot({
      format: 1,
      agreement: { id: "a", documentType: "afsprakennota", title: "Één “test” €", schoolYear: "2026-2027", yearCount: 1 },
      parties: [],
      clauses: [],
      values: { b: 2, a: ["x"] },
      commitments: [],
      signatories: [],
    });
    expect(content).toBe(
      '{"agreement":{"documentType":"afsprakennota","id":"a","schoolYear":"2026-2027","title":"Één “test” €","yearCount":1},"clauses":[],"commitments":[],"format":1,"parties":[],"signatories":[],"values":{"a":["x"],"b":2}}',
    );
    expect(hash).toBe("3719d0b14860a311d83770654cfde6923adcc482b7aefe9529e69b061e4c1b29");
  });
});

describe("verifyContentHash", () => {
  it("accepts the stored content and its hash, also re-serialised with another key order or whitespace", () => {
    const { content, hash } = hashSnapshot(snapshot());
    expect(verifyContentHash(content, hash)).toBe(true);
    expect(verifyContentHash(content, hash.toUpperCase())).toBe(true);
    expect(verifyContentHash(JSON.stringify(reverseKeys(JSON.parse(content)), null, 2), hash)).toBe(true);
  });

  it("detects a tampered content string", () => {
    const { content, hash } = hashSnapshot(snapshot());
    expect(verifyContentHash(content.replace("werken samen", "werken niet samen"), hash)).toBe(false);
    expect(verifyContentHash(content.replace('"weken":6', '"weken":7'), hash)).toBe(false);
  });

  it("is false for unparsable content or a malformed hash", () => {
    const { content, hash } = hashSnapshot(snapshot());
    expect(verifyContentHash(content.slice(0, -1), hash)).toBe(false);
    expect(verifyContentHash("", hash)).toBe(false);
    expect(verifyContentHash(content, "")).toBe(false);
    expect(verifyContentHash(content, hash.slice(1))).toBe(false);
    expect(verifyContentHash("[1e999]", createHash("sha256").update("[1e999]").digest("hex"))).toBe(false);
  });
});
