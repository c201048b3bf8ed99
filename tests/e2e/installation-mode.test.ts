import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateSealCertificate } from "~/domain/pdf/seal.server";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";
import { freePort } from "./global-setup";

// Issue 19. The demo server of this run (global-setup: `npm start` on a fresh
// clone's defaults) shows the Demo-omgeving banner; `npm start` with
// AKKOORD_MODE=productie and everything a real installation needs starts and
// shows none. (Its refusals are scripts/start.test.ts.)

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("demo mode", () => {
  it("shows a small Demo-omgeving banner on every page that fits a 390 px phone", async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto("/inloggen");
    const banner = page.locator(".demo-banner");
    await expect.poll(() => banner.textContent()).toContain("Demo-omgeving");
    await signInAs(page, "directie@akkoord.example", DEMO_PASSWORD);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("De afspraken van uw school");
    expect(await banner.textContent()).toContain("Demo-omgeving");
    const box = await banner.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(box!.height).toBeLessThan(80); // small: at most a few lines
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});

describe("AKKOORD_MODE=productie with everything present", () => {
  let dir: string;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    if (child && child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts, answers /healthz and shows no demo banner", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "akkoord-productie-"));
    // A self-made PKCS#12 (node-forge) standing in for the organisation's certificate.
    await loadOrCreateSealCertificate({ devDir: path.join(dir, "certs") });
    const [port, smtpPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.resolve("scripts", "start.js")], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        AKKOORD_MODE: "productie",
        PORT: String(port),
        DATABASE_URL: `file:${path.join(dir, "app.db")}`,
        SEAL_P12_PATH: path.join(dir, "certs", "dev-seal.p12"),
        SEAL_P12_PASSPHRASE: readFileSync(path.join(dir, "certs", "dev-seal.pass"), "utf8").trim(),
        MAIL_TRANSPORT: "smtp",
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        OTP_HMAC_KEY: "p".repeat(48),
        PUBLIC_URL: "https://akkoord.stad.be",
        REMINDERS_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    await expect
      .poll(
        async () => {
          if (child?.exitCode !== null) return `exited ${child?.exitCode}: ${output}`;
          return fetch(`${base}/healthz`).then((r) => r.status, () => 0);
        },
        { timeout: 90_000, interval: 250 },
      )
      .toBe(200);
    const html = await (await fetch(`${base}/inloggen`)).text();
    expect(html).toContain("Aanmelden");
    expect(html).not.toContain("demo-banner");
    expect(output).not.toContain("Demogegevens");
  }, 120_000);
});
