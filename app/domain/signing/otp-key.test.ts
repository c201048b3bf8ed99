import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "~/utils/env.server";
import { readOrCreateKeyFile } from "~/utils/secret.server";

describe("the one-time code key", () => {
  it("without OTP_HMAC_KEY: made once at random, readable by the owner only, then reused", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "akkoord-otp-key-"));
    const file = path.join(dir, "secrets", "otp-hmac.key");
    const key = readOrCreateKeyFile(file);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateKeyFile(file)).toBe(key);
    expect(readFileSync(file, "utf8").trim()).toBe(key);
    // Another data directory gets another key: nothing is built in.
    expect(readOrCreateKeyFile(path.join(dir, "other", "otp-hmac.key"))).not.toBe(key);
  });

  it("OTP_HMAC_KEY is validated at start-up: at least 32 characters; empty means unset", () => {
    expect(() => parseEnv({ NODE_ENV: "test", OTP_HMAC_KEY: "te-kort" })).toThrow("Ongeldige instelling OTP_HMAC_KEY: moet minstens 32 tekens lang zijn");
    expect(parseEnv({ NODE_ENV: "test", OTP_HMAC_KEY: "x".repeat(32) }).OTP_HMAC_KEY).toBe("x".repeat(32));
    expect(parseEnv({ NODE_ENV: "test", OTP_HMAC_KEY: "  " }).OTP_HMAC_KEY).toBeUndefined();
  });
});
