// scripts/server.js wires the build's exports by name, and turns Express
// requests into Fetch requests itself (scripts/remix-request.js).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo, Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemixRequest, sendRemixResponse } from "../../scripts/remix-request.js";
import { entryExport } from "../../scripts/server.js";

describe("the build's exports", () => {
  it("a missing or renamed export stops the start with one Dutch line naming it", () => {
    const build = { entry: { module: { startReminderSweep: () => undefined, withPageCache: "not a function" } } };
    expect(entryExport(build, "startReminderSweep")).toBe(build.entry.module.startReminderSweep);
    expect(() => entryExport(build, "finalizePendingVersions")).toThrow(
      "De build mist finalizePendingVersions (app/entry.server.tsx). Bouw de app opnieuw met npm run build.",
    );
    expect(() => entryExport(build, "withPageCache")).toThrow("De build mist withPageCache");
  });
});

describe("the environment", () => {
  it("a wrong value stops the start of the build with one Dutch line naming the variable, exit code 1", () => {
    // A build whose server entry is app/entry.server.tsx itself (run with tsx).
    const dir = mkdtempSync(path.join(os.tmpdir(), "akkoord-env-build-"));
    try {
      mkdirSync(path.join(dir, "server"));
      writeFileSync(path.join(dir, "server", "index.js"), `export * from ${JSON.stringify(path.resolve("app", "entry.server.tsx"))};\n`);
      const serverJs = pathToFileURL(path.resolve("scripts", "server.js")).href;
      const result = spawnSync(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "--eval", `const { startServer } = await import(${JSON.stringify(serverJs)}); await startServer({ port: 0, host: "127.0.0.1", checkDatabase: false });`],
        {
          env: { PATH: process.env.PATH, NODE_ENV: "production", BUILD_DIR: dir, DATABASE_URL: `file:${path.join(dir, "app.db")}`, REMINDERS_DISABLED: "1", MAIL_FROM: "geen adres" },
          encoding: "utf8",
          timeout: 60_000,
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe('Akkoord start niet: Ongeldige instelling MAIL_FROM: moet één e-mailadres zijn, bv. "Akkoord <no-reply@akkoord.be>"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe("Express ↔ Fetch", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.all("*", async (req, res) => {
      const request = createRemixRequest(req, res);
      const body = request.method === "POST" ? await request.text() : "";
      const answer = JSON.stringify({ url: request.url, method: request.method, body, cookie: request.headers.get("cookie") });
      await sendRemixResponse(res, new Response(answer, { status: 201, headers: [["Content-Type", "application/json"], ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]] }));
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("keeps the port, the path and query, the body and the headers; answers with every Set-Cookie", async () => {
    const response = await fetch(`${base}/overeenkomsten/x?tab=1`, { method: "POST", body: "intent=save", headers: { cookie: "s=1" } });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const port = new URL(base).port;
    expect(await response.json()).toEqual({ url: `http://127.0.0.1:${port}/overeenkomsten/x?tab=1`, method: "POST", body: "intent=save", cookie: "s=1" });
  });
});
