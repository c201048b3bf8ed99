// scripts/server.js wires the build's exports by name, and turns Express
// requests into Fetch requests itself (scripts/remix-request.js).
import type { AddressInfo, Server } from "node:net";
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
