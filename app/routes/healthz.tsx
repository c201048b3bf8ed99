import { db } from "~/utils/db.server";

// Liveness and readiness: the process answers and the database can be read
// (one row of a real table, so a file that is not or no longer a database
// shows). The benchmark's baseline too.

const DATABASE_TIMEOUT_MS = 3_000;

async function databaseAnswers(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
  });
  try {
    await Promise.race([db.organisation.findFirst({ select: { id: true } }), timeout]);
    return true;
  } catch (error) {
    // One line in the log: the last line of Prisma's message says what is wrong.
    const reason = (error instanceof Error ? error.message : String(error)).trim().split("\n").at(-1);
    console.error(`healthz: de databank antwoordt niet: ${reason}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function loader() {
  const ok = await databaseAnswers();
  return new Response(ok ? "ok" : "niet ok: de databank antwoordt niet", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
