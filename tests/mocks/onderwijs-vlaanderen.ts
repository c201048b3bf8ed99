// msw handlers for Onderwijs Vlaanderen's institution API
// (app/domain/onboarding/onderwijs-api.server.ts), answering from the recorded
// sample answers in tests/fixtures/onderwijs-vlaanderen. Tests can make the
// next answers fail: a status (e.g. 503), a network error, a malformed body or a delay.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { delay, http, HttpResponse } from "msw";
import { setTestEnv } from "../support/env";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

export const ONDERWIJS_API_BASE_URL = "https://onderwijs-api.test";
export const ONDERWIJS_API_KEY = "test-onderwijs-api-key";
export const FIXTURES_DIR = path.resolve("tests", "fixtures", "onderwijs-vlaanderen");
/** The number for which the recorded malformed answer is served. */
export const MALFORMED_NUMMER = "128031";

function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, name), "utf8"));
}

/** The recorded 200 answers by instellingsnummer. */
export function recordedInstitutions(): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  for (const file of readdirSync(FIXTURES_DIR)) {
    const match = /^(\d{5,6})\.json$/.exec(file);
    if (match) answers.set(match[1]!, readFixture(file));
  }
  return answers;
}

type Forced = { kind: "status"; status: number } | { kind: "network" } | { kind: "malformed" } | { kind: "delay"; ms: number };
const forced: Forced[] = [];
export const requestsSeen: Array<{ nummer: string; apiKey: string | null }> = [];

export function resetOnderwijsApi(): void {
  forced.length = 0;
  requestsSeen.length = 0;
}
export const failNextLookup = (status: number) => forced.push({ kind: "status", status });
export const networkErrorNextLookup = () => forced.push({ kind: "network" });
export const malformedNextLookup = () => forced.push({ kind: "malformed" });
export const delayNextLookup = (ms: number) => forced.push({ kind: "delay", ms });

export function createOnderwijsApiHandlers(baseUrl = ONDERWIJS_API_BASE_URL, apiKey = ONDERWIJS_API_KEY) {
  const answers = recordedInstitutions();
  return [
    http.get(`${baseUrl.replace(/\/+$/, "")}/instelling/v2/:nummer`, async ({ request, params }) => {
      const nummer = String(params.nummer);
      requestsSeen.push({ nummer, apiKey: request.headers.get("x-api-key") });
      const next = forced.shift();
      if (next?.kind === "network") return HttpResponse.error();
      if (next?.kind === "status") return HttpResponse.json({ status: next.status, title: "Storing" }, { status: next.status });
      if (next?.kind === "malformed") return new HttpResponse("<html>Onderhoud</html>", { status: 200, headers: { "Content-Type": "text/html" } });
      if (next?.kind === "delay") await delay(next.ms);

      if (request.headers.get("x-api-key") !== apiKey) {
        return HttpResponse.json({ status: 401, title: "Ongeldige API-sleutel" }, { status: 401 });
      }
      if (nummer === MALFORMED_NUMMER) return HttpResponse.json(readFixture("_onvolledig-antwoord.json") as Record<string, unknown>);
      const answer = answers.get(nummer);
      if (!answer) return HttpResponse.json(readFixture("_niet-gevonden.json") as Record<string, unknown>, { status: 404 });
      return HttpResponse.json(answer as Record<string, unknown>);
    }),
  ];
}

export const onderwijsApiHandlers = createOnderwijsApiHandlers();

/**
 * For a test file that looks schools up: an msw server with these handlers for
 * the whole file, the environment pointing the app at it, and a clean slate of
 * forced failures before each test.
 */
export function useOnderwijsApi() {
  const server = setupServer(...onderwijsApiHandlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  let restoreEnv = () => {};
  beforeEach(() => {
    resetOnderwijsApi();
    restoreEnv = setTestEnv({ ONDERWIJS_API_URL: ONDERWIJS_API_BASE_URL, ONDERWIJS_API_KEY });
  });
  afterEach(() => {
    server.resetHandlers();
    restoreEnv();
  });
  afterAll(() => server.close());
  return server;
}
