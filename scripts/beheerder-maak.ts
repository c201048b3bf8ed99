// The first beheerder of a new installation, once:
//   npm run beheerder:maak -- <e-mail> [--organisatie "Stad Gent"]
// Brings the database up to date, then prints a one-time link (valid 24 hours)
// where that person chooses a name and password. Refuses once a beheerder exists.
import { processOutput, runIfInvokedDirectly, type Output } from "./run-command";

const USAGE = 'Gebruik: npm run beheerder:maak -- <e-mail> [--organisatie "Naam van uw organisatie"]\n';

/** The e-mail address and organisation name, or a Dutch message about the arguments. */
export function parseArguments(argv: readonly string[]): { email: string; organisationName?: string } | { error: string } {
  let email: string | undefined;
  let organisationName: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--organisatie") {
      organisationName = argv[++i];
      if (organisationName === undefined) return { error: "Na --organisatie hoort de naam van de organisatie." };
    } else if (arg.startsWith("--organisatie=")) organisationName = arg.slice("--organisatie=".length);
    else if (arg.startsWith("--")) return { error: `Onbekende optie "${arg.slice(0, 40)}".` };
    else if (email === undefined) email = arg;
    else return { error: "Geef één e-mailadres." };
  }
  if (!email) return { error: "Geef het e-mailadres van de eerste beheerder." };
  return { email, ...(organisationName !== undefined ? { organisationName } : {}) };
}

/** Runs the command; returns the exit code (0 done, 1 refused, 2 wrong arguments). */
export async function main(argv: readonly string[], output: Output = processOutput, now?: Date): Promise<number> {
  const parsed = parseArguments(argv);
  if ("error" in parsed) {
    output.stderr(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  const { prepareDatabase } = await import("./prepare-db.js");
  prepareDatabase({ quiet: true });
  const { inviteFirstBeheerder } = await import("../app/domain/people/first-beheerder.server");
  const { AppError } = await import("../app/utils/errors");
  try {
    const { url, expiresAt, organisation } = await inviteFirstBeheerder({ ...parsed, ...(now ? { now } : {}) });
    const until = new Intl.DateTimeFormat("nl-BE", { timeZone: "Europe/Brussels", dateStyle: "long", timeStyle: "short" }).format(expiresAt);
    output.stdout(
      `Eenmalige link voor de eerste beheerder (${parsed.email.trim().toLowerCase()}, ${organisation.name}), geldig tot ${until}:\n${url}\n` +
        "Open hem zelf of bezorg hem veilig; wie hem opent, kiest een naam en wachtwoord. Hij werkt maar één keer.\n",
    );
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    output.stderr(`${error.message}\n`);
    return 1;
  }
}

await runIfInvokedDirectly(import.meta.url, main);
