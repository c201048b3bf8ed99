import { describe, expect, it } from "vitest";
import { EnvError, env, init, installationMode, installationProblems, installationRefusal, parseEnv } from "./env.server";

// A real installation (AKKOORD_MODE=productie) with everything it needs.
const complete = {
  AKKOORD_MODE: "productie",
  SEAL_P12_PATH: "/etc/akkoord/seal.p12",
  MAIL_TRANSPORT: "smtp",
  SMTP_URL: "smtp://mailer:geheim@mail.stad.be:587",
  OTP_HMAC_KEY: "k".repeat(32),
  PUBLIC_URL: "https://akkoord.stad.be",
} satisfies Record<string, string>;

describe("installation mode", () => {
  it("is demo on a fresh clone and productie only when asked", () => {
    expect(installationMode({})).toBe("demo");
    expect(installationMode({ AKKOORD_MODE: " " })).toBe("demo");
    expect(installationMode({ AKKOORD_MODE: "productie" })).toBe("productie");
    expect(parseEnv({} as NodeJS.ProcessEnv).AKKOORD_MODE).toBe("demo");
    expect(parseEnv({ AKKOORD_MODE: "productie" } as unknown as NodeJS.ProcessEnv).AKKOORD_MODE).toBe("productie");
  });

  it("refuses another value with one Dutch line", () => {
    expect(() => installationMode({ AKKOORD_MODE: "production" })).toThrow('AKKOORD_MODE moet "demo" of "productie" zijn, niet "production".');
  });
});

describe("installationProblems (AKKOORD_MODE=productie)", () => {
  it("finds nothing missing when everything is there (smtp or http mail)", () => {
    expect(installationProblems(complete)).toEqual([]);
    const http = { ...complete, MAIL_TRANSPORT: "http", SMTP_URL: undefined, MAIL_HTTP_URL: "https://mail.api.be", MAIL_HTTP_KEY: "sleutel" };
    expect(installationProblems(http)).toEqual([]);
  });

  it.each([
    ["the seal certificate", { SEAL_P12_PATH: undefined }, /^SEAL_P12_PATH ontbreekt/],
    ["a mail transport (default file)", { MAIL_TRANSPORT: undefined }, /^MAIL_TRANSPORT moet smtp of http zijn/],
    ["a mail transport (file)", { MAIL_TRANSPORT: "file" }, /^MAIL_TRANSPORT moet smtp of http zijn/],
    ["the SMTP URL", { SMTP_URL: "" }, /^SMTP_URL ontbreekt/],
    ["an SMTP URL that is one", { SMTP_URL: "mail.stad.be:587" }, /^SMTP_URL ontbreekt of is geen smtp/],
    ["the HTTP mail API", { MAIL_TRANSPORT: "http", MAIL_HTTP_KEY: "x" }, /^MAIL_HTTP_URL ontbreekt/],
    ["the HTTP mail API key", { MAIL_TRANSPORT: "http", MAIL_HTTP_URL: "https://mail.api.be" }, /^MAIL_HTTP_KEY ontbreekt/],
    ["the one-time-code key", { OTP_HMAC_KEY: undefined }, /^OTP_HMAC_KEY ontbreekt of is korter dan 32 tekens/],
    ["a long enough one-time-code key", { OTP_HMAC_KEY: "k".repeat(31) }, /^OTP_HMAC_KEY ontbreekt of is korter dan 32 tekens/],
    ["the public URL", { PUBLIC_URL: undefined }, /^PUBLIC_URL moet het https-adres/],
    ["an https public URL", { PUBLIC_URL: "http://akkoord.stad.be" }, /^PUBLIC_URL moet het https-adres/],
  ])("names %s when it is missing", (_what, change, message) => {
    const problems = installationProblems({ ...complete, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it("names every missing piece in one line", () => {
    const line = installationRefusal(installationProblems({ AKKOORD_MODE: "productie" }));
    expect(line.split("\n")).toHaveLength(1);
    for (const name of ["SEAL_P12_PATH", "MAIL_TRANSPORT", "OTP_HMAC_KEY", "PUBLIC_URL"]) expect(line).toContain(name);
    expect(line.startsWith("Akkoord start niet (AKKOORD_MODE=productie): ")).toBe(true);
  });
});

describe("PUBLIC_URL", () => {
  it("follows PORT when it is not set, so PORT=4100 npm start mails links to localhost:4100", () => {
    expect(parseEnv({ NODE_ENV: "test", PORT: "4100" }).PUBLIC_URL).toBe("http://localhost:4100");
    expect(parseEnv({ NODE_ENV: "test" }).PUBLIC_URL).toBe("http://localhost:3000");
  });

  it("is taken as set when it is set", () => {
    expect(parseEnv({ NODE_ENV: "test", PORT: "4100", PUBLIC_URL: "https://akkoord.stad.be" }).PUBLIC_URL).toBe("https://akkoord.stad.be");
  });
});

describe("one schema for every variable", () => {
  it("has a working default for each, and an empty value counts as unset", () => {
    const defaults = parseEnv({});
    expect(defaults).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/app.db",
      MAIL_TRANSPORT: "file",
      SIGNING_LINK_DAYS: 30,
      REMINDERS_DISABLED: false,
      INSECURE_COOKIES: false,
    });
    expect(defaults.REMINDERS_INTERVAL_MS).toBeUndefined();
    expect(parseEnv({ PORT: "", SIGNING_LINK_DAYS: " ", MAIL_TRANSPORT: "", REMINDERS_DISABLED: "" })).toEqual(defaults);
    expect(parseEnv({ REMINDERS_DISABLED: "1", INSECURE_COOKIES: "1", REMINDERS_INTERVAL_MS: "300" })).toMatchObject({
      REMINDERS_DISABLED: true,
      INSECURE_COOKIES: true,
      REMINDERS_INTERVAL_MS: 300,
    });
  });

  it("refuses wrong values in one Dutch line naming each variable, without echoing secrets", () => {
    let error: unknown;
    try {
      parseEnv({ PORT: "80a", REMINDERS_DISABLED: "ja", LINK_HMAC_KEY: "kort-geheim", SMTP_URL: "mail.stad.be", SEAL_P12_PATH: "/bestaat/niet.p12" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const line = (error as EnvError).message;
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain('Ongeldige instelling PORT: moet een geheel getal (poort) van 1 tot 65535 zijn, niet "80a"');
    expect(line).toContain('Ongeldige instelling REMINDERS_DISABLED: moet 1 (aan) of 0 (uit) zijn, niet "ja"');
    expect(line).toContain("Ongeldige instelling LINK_HMAC_KEY: moet minstens 32 tekens lang zijn");
    expect(line).toContain("Ongeldige instelling SMTP_URL: moet een adres zijn zoals smtp://");
    expect(line).toContain("Ongeldige instelling SEAL_P12_PATH: het bestand /bestaat/niet.p12 bestaat niet");
    expect(line).not.toContain("kort-geheim");
    expect(line).not.toContain("mail.stad.be");
  });

  it("init() reads the environment again; env() answers from it", () => {
    try {
      init({ NODE_ENV: "test", PORT: "4100" });
      expect(env().PORT).toBe(4100);
      expect(env().PUBLIC_URL).toBe("http://localhost:4100");
      expect(() => init({ NODE_ENV: "test", PORT: "0" })).toThrow(EnvError);
    } finally {
      init();
    }
  });
});

