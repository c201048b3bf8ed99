// Starts the production server (scripts/server.js → startServer) on
// 127.0.0.1 and a free port, with this test file's database (DATABASE_URL of
// tests/reliability/setup.ts) and the run's own build (BUILD_DIR).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { inject } from "vitest";

export type AppServer = {
  base: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then SIGKILL after 3 s. */
  stop: () => Promise<void>;
  /** SIGKILL now; resolves when the process is gone. */
  kill: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Debian's libfaketime (package faketime, installed by scripts/ensure-system-deps.sh). */
function libfaketime(): string {
  const candidates = [`/usr/lib/${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu/faketime/libfaketime.so.1`, "/usr/lib/faketime/libfaketime.so.1"];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error("libfaketime not found: apt-get install faketime");
  return found;
}

/**
 * Starts the production server. `fakeTime` ("2027-01-18 10:00:00", UTC): the
 * server's clock starts at that moment and runs on (Debian's faketime), so a
 * test of the server's own sweep does not depend on the day it runs.
 */
export async function startAppServer(
  env: Record<string, string | undefined> = {},
  options: { port?: number; fakeTime?: string } = {},
): Promise<AppServer> {
  const { buildDir } = inject("reliability");
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const serverJs = pathToFileURL(path.resolve("scripts", "server.js")).href;
  const nodeArgs = ["--input-type=module", "--eval", `const { startServer } = await import(${JSON.stringify(serverJs)}); await startServer({ port: ${port}, host: "127.0.0.1" }); console.log("listening");`];
  const child = spawn(
    process.execPath,
    nodeArgs,
    {
      cwd: path.resolve("."),
      env: {
        ...process.env,
        NODE_ENV: "production",
        BUILD_DIR: buildDir,
        REMINDERS_DISABLED: "1",
        PUBLIC_URL: base,
        ...env,
        // libfaketime preloaded into node itself (the faketime command would fork, and a kill
        // of it would leave the server running): the clock starts at fakeTime and runs on.
        ...(options.fakeTime ? { LD_PRELOAD: libfaketime(), FAKETIME: `@${options.fakeTime}` } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  running.add(child);
  child.on("exit", () => running.delete(child));
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited:\n${output}`);
    if (Date.now() - started > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`server did not answer on ${base}:\n${output}`);
    }
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    base,
    port,
    child,
    output: () => output,
    async stop() {
      if (gone()) return;
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
      if (!gone()) {
        child.kill("SIGKILL");
        await exited;
      }
    },
    async kill() {
      if (gone()) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
