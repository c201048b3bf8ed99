import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";
import { serverSecret } from "./secret.server";

describe("serverSecret", () => {
  it("makes a key file once (owner only) and reads the same key after", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "akkoord-secret-")), "secrets", "link-hmac.key");
    const first = serverSecret({ LINK_HMAC_KEY_FILE: file });
    expect(first.length).toBe(43); // 256 random bits, base64url
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(first.toString("utf8"));
    expect(serverSecret({ LINK_HMAC_KEY_FILE: file }).equals(first)).toBe(true);
  });

  it("takes LINK_HMAC_KEY when set, and refuses a short one", () => {
    const key = "k".repeat(40);
    expect(serverSecret({ LINK_HMAC_KEY: key }).toString("utf8")).toBe(key);
    expect(() => parseEnv({ LINK_HMAC_KEY: "kort" })).toThrow("Ongeldige instelling LINK_HMAC_KEY: moet minstens 32 tekens lang zijn");
  });
});
