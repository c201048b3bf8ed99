// The one way a test changes environment variables. The app reads them once,
// through the environment module (app/utils/env.server.ts, init()), so a test
// that only assigned process.env would not be seen. setTestEnv sets (or, with
// undefined, removes) the variables in process.env (child processes inherit
// them), reads the environment again, and returns a function that puts the
// previous values back.
import { init } from "~/utils/env.server";

type Values = Record<string, string | undefined>;

function apply(values: Values) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

export function setTestEnv(values: Values): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  apply(values);
  try {
    init();
  } catch (error) {
    apply(previous);
    init();
    throw error;
  }
  return () => {
    apply(previous);
    init();
  };
}

/** Runs `work` with the variables set, and puts them back after (also when it fails). */
export async function withTestEnv<T>(values: Values, work: () => Promise<T> | T): Promise<T> {
  const restore = setTestEnv(values);
  try {
    return await work();
  } finally {
    restore();
  }
}
