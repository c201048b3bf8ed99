// `npm run reminders:run` as real child processes on this file's SQLite copy:
// two sweeps at once, and a sweep killed with SIGKILL between sending a mail
// and marking it sent (an SMTP stand-in holds its answer). Every reminder
// arrives; only the one in flight at the kill arrives twice.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_MAIL_FROM } from "~/domain/mail/send-mail.server";
import { stableMessageId } from "~/domain/mail/transports/compose.server";
import { db } from "~/utils/db.server";
import { main } from "../../scripts/reminders-run";
import { deliveryProblems, startSmtpSink } from "../mocks/smtp-sink";
import { clearReminderState, deliveredMails, FOURTEEN_DAYS_BEFORE, signedAgreement, tempOutbox } from "./reminders-world";

const TSX = path.resolve("node_modules", ".bin", "tsx");
const SCRIPT = path.resolve("scripts", "reminders-run.ts");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/** SIGKILL to the process group of a child started here (tsx and the script it runs). */
function killGroup(child: ChildProcess) {
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

function startCli(args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(TSX, [SCRIPT, ...args], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: process.env.DATABASE_URL!,
      MAIL_TRANSPORT: "file",
      MAIL_OUTBOX_DIR: outbox.dir,
      PUBLIC_URL: "https://akkoord.test",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: tsx runs the script in a child process, and a
    // SIGKILL must reach that one too (see killGroup).
    detached: true,
  });
  running.add(child);
  child.on("close", () => running.delete(child));
  const run: Run = { code: null, signal: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (run.stderr += chunk.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on("close", (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve(run);
    }),
  );
  return { child, run, done };
}

const runCli = (args: string[], extraEnv?: Record<string, string>) => startCli(args, extraEnv).done;

function summary(run: Run) {
  const lines = run.stdout.split("\n").filter(Boolean);
  expect(lines, run.stderr).toHaveLength(1);
  return JSON.parse(lines[0]!) as { due: number; sent: number; failed: number; skipped: number };
}

let outbox: Awaited<ReturnType<typeof tempOutbox>>;
beforeAll(async () => {
  outbox = await tempOutbox();
});
afterEach(() => {
  for (const child of running) killGroup(child);
});
afterAll(async () => {
  await outbox.remove();
});
beforeEach(async () => {
  await clearReminderState();
  await outbox.remove();
});

describe("npm run reminders:run", () => {
  it("rejects a malformed --now with a Dutch message and exit code 2", async () => {
    const run = await runCli(["--now", "garbage"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('Ongeldig tijdstip "garbage": gebruik een datum en tijd zoals 2026-12-01T07:00:00Z.');

    const output = { out: "", err: "" };
    const io = { stdout: (t: string) => (output.out += t), stderr: (t: string) => (output.err += t) };
    expect(await main(["--now"], io)).toBe(2);
    expect(await main(["--later"], io)).toBe(2);
    expect(output.err).toContain('Onbekend argument "--later".');
    expect(output.out).toBe("");
  });

  it("prints one JSON line and exits 0", async () => {
    await signedAgreement();
    const run = await runCli(["--now", FOURTEEN_DAYS_BEFORE.toISOString()]);
    expect(run.code, run.stderr).toBe(0);
    expect(summary(run)).toEqual({ due: 2, sent: 2, failed: 0, skipped: 0 });
    // Brussels time without an offset: 07:00 is the same moment.
    const again = await runCli(["--now=2026-12-18T07:05"]);
    expect(summary(again)).toEqual({ due: 2, sent: 0, failed: 0, skipped: 2 });
  });

  it("two processes sweeping at once deliver every reminder exactly once", async () => {
    for (let i = 0; i < 3; i++) await signedAgreement();
    const now = FOURTEEN_DAYS_BEFORE.toISOString();
    const runs = await Promise.all([runCli(["--now", now]), runCli(["--now", now])]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const results = runs.map(summary);
    expect(results.map((r) => r.due)).toEqual([6, 6]);
    expect(results[0]!.sent + results[1]!.sent).toBe(6);
    expect(results[0]!.skipped + results[1]!.skipped).toBe(6);

    const mails = await deliveredMails(outbox.dir);
    expect(mails).toHaveLength(6);
    expect(new Set(mails.map((m) => m.idempotencyKey)).size).toBe(6);
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(6);
  });

  it("a sweep killed after a mail left, before it was marked sent, loses nothing and repeats only that mail", async () => {
    for (let i = 0; i < 3; i++) await signedAgreement();
    // The outside mail server takes the second mail and holds its answer: the
    // mail has left, the sweep has not heard so and has not marked it sent.
    const sink = await startSmtpSink({ holdRepliesFrom: 2 });
    try {
      const smtp = { MAIL_TRANSPORT: "smtp", SMTP_URL: sink.url };
      const crashing = startCli(["--now", FOURTEEN_DAYS_BEFORE.toISOString()], smtp);
      await expect.poll(() => sink.deliveries.length, { timeout: 30_000, interval: 50 }).toBe(2);
      killGroup(crashing.child);
      const killed = await crashing.done;
      expect(killed.signal).toBe("SIGKILL");
      expect(killed.stdout).toBe("");
      sink.release();

      // Two mails left; only the first was marked sent.
      expect(sink.deliveries).toHaveLength(2);
      const statuses = (await db.outboxMessage.findMany()).map((m) => m.status);
      expect(statuses.filter((s) => s === "sent")).toHaveLength(1);
      expect(statuses.filter((s) => s === "sending").length).toBeGreaterThanOrEqual(1);
      expect(statuses).toHaveLength(6);

      // Right away the lease still holds: the claimed rows are left alone.
      const early = await runCli(["--now", new Date(FOURTEEN_DAYS_BEFORE.getTime() + 60_000).toISOString()], smtp);
      expect(summary(early).skipped).toBe(6);
      const inFlight = sink.deliveries[1]!.messageId;
      expect(sink.deliveries.filter((d) => d.messageId === inFlight)).toHaveLength(1);

      // The next sweep (5 minutes later) takes over the expired lease.
      const next = await runCli(["--now", new Date(FOURTEEN_DAYS_BEFORE.getTime() + 5 * 60_000).toISOString()], smtp);
      expect(next.code, next.stderr).toBe(0);
      expect(summary(next)).toMatchObject({ due: 6, failed: 0, skipped: 6 });

      // Every reminder arrived; the one in flight at the kill arrived twice,
      // with the same Message-ID (the receiving server can drop the copy), and
      // nothing else was repeated.
      const rows = await db.outboxMessage.findMany({ select: { idempotencyKey: true, status: true } });
      expect(rows.every((row) => row.status === "sent")).toBe(true);
      const expected = new Map(rows.map((row) => [row.idempotencyKey, stableMessageId(row.idempotencyKey, process.env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM)]));
      expect(deliveryProblems(sink.deliveries, expected, { kills: 1 })).toEqual([]);
      expect(sink.deliveries).toHaveLength(7);
      expect(sink.deliveries.filter((d) => d.messageId === inFlight)).toHaveLength(2);
    } finally {
      await sink.close();
    }
  }, 60_000);
});
