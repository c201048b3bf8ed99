// The tail every `npm run` command in scripts/ shares: run main() when the file
// is the script itself (not imported by a test), close the database, exit.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** How a command writes; tests pass their own. */
export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processOutput: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** True when the module at `moduleUrl` is the script node/tsx was started with. */
export function invokedDirectly(moduleUrl: string): boolean {
  try {
    return realpathSync(process.argv[1] ?? "") === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * Runs `main` with the command-line arguments when `moduleUrl` is the script
 * itself; exit code 2 (wrong arguments) never opened the database.
 */
export async function runIfInvokedDirectly(moduleUrl: string, main: (argv: readonly string[]) => Promise<number>): Promise<void> {
  if (!invokedDirectly(moduleUrl)) return;
  const code = await main(process.argv.slice(2));
  if (code !== 2) {
    const { db } = await import("../app/utils/db.server");
    await db.$disconnect();
  }
  process.exit(code);
}
