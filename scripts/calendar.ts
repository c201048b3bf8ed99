// Prints the holidays and days off of a Flemish school year as JSON.
// Usage: npm run calendar -- 2026-2027

import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CalendarError, schoolCalendar } from "../app/domain/calendar";

export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processOutput: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the command for the given arguments (without node and script path); returns the exit code. */
export function main(argv: readonly string[], output: Output = processOutput): number {
  const [schoolYear, ...rest] = argv;
  if (schoolYear === undefined || rest.length > 0) {
    output.stderr("Gebruik: npm run calendar -- 2026-2027\n");
    return 2;
  }
  try {
    const calendar = schoolCalendar(schoolYear);
    const json = {
      schoolYear: calendar.schoolYear,
      start: calendar.start,
      end: calendar.end,
      holidays: calendar.holidays.map(({ name, start, end }) => ({ name, start, end })),
      daysOff: calendar.daysOff.map((day) => day.date),
    };
    output.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    output.stderr(`${error.message}\nGebruik: npm run calendar -- 2026-2027\n`);
    return 2;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = main(process.argv.slice(2));
