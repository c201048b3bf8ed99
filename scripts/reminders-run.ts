// Runs the reminder sweep once and prints {"due","sent","failed","skipped"} as one JSON line.
// Usage: npm run reminders:run -- [--now 2026-12-01T07:00:00Z]
// Without an offset (2026-12-01T07:00) the time is read as Brussels time.

import { parseIsoDateTime } from "../app/domain/calendar/brussels-time";
import type { SweepResult } from "../app/domain/reminders/sweep.server";
import { processOutput, runIfInvokedDirectly, type Output } from "./run-command";

export type { Output } from "./run-command";

const USAGE = "Gebruik: npm run reminders:run -- [--now 2026-12-01T07:00:00Z]\n";

/** The moment to sweep at, or a Dutch message about the arguments. */
export function parseArguments(argv: readonly string[]): { now: Date } | { error: string } {
  let now = new Date();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let value: string | undefined;
    if (arg === "--now") value = argv[++i];
    else if (arg.startsWith("--now=")) value = arg.slice("--now=".length);
    else return { error: `Onbekend argument "${arg}".` };
    if (value === undefined) return { error: "Na --now hoort een datum en tijd, bijvoorbeeld 2026-12-01T07:00:00Z." };
    const parsed = parseIsoDateTime(value);
    if (!parsed) {
      return { error: `Ongeldig tijdstip "${value.slice(0, 60)}": gebruik een datum en tijd zoals 2026-12-01T07:00:00Z.` };
    }
    now = parsed;
  }
  return { now };
}

/** Runs the command; returns the exit code. */
export async function main(
  argv: readonly string[],
  output: Output = processOutput,
  sweep?: (now: Date) => Promise<SweepResult>,
): Promise<number> {
  const parsed = parseArguments(argv);
  if ("error" in parsed) {
    output.stderr(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  const run =
    sweep ?? (async (now: Date) => (await import("../app/domain/reminders/sweep.server")).runSweep({ now }));
  try {
    const { due, sent, failed, skipped } = await run(parsed.now);
    output.stdout(`${JSON.stringify({ due, sent, failed, skipped })}\n`);
    return 0;
  } catch (error) {
    output.stderr(`Herinneringen versturen mislukte: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

await runIfInvokedDirectly(import.meta.url, main);
