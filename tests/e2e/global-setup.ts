import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";

// End-to-end tests run against the production build, started the way
// `npm start` starts it, on a fresh demo database and a free port.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 90_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer at ${url}`);
}

export default async function setup(project: TestProject) {
  const root = path.resolve(".");
  const dataDir = path.join(root, "data", "e2e");
  rmSync(dataDir, { recursive: true, force: true });

  const build = spawnSync(path.join(root, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);

  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.js")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dataDir, "app.db")}`,
      MAIL_OUTBOX_DIR: path.join(dataDir, "outbox"),
      PUBLIC_URL: baseURL,
      ONDERWIJS_API_URL: "fixtures",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  try {
    await waitFor(`${baseURL}/healthz`, child);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  project.provide("baseURL", baseURL);
  project.provide("outboxDir", path.join(dataDir, "outbox"));

  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    if (child.exitCode === null) child.kill("SIGKILL");
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    outboxDir: string;
  }
}
