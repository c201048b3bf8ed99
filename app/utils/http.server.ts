import { data } from "@remix-run/node";
import { AppError, type AppErrorCode } from "./errors";

/**
 * Codes answered with the code alone: a personal link that does not work says
 * nothing more to whoever holds it (its page explains in its own words).
 */
const CODE_ONLY: readonly AppErrorCode[] = ["LINK_UNAVAILABLE", "LINK_EXPIRED"];

/** The HTTP response for an AppError: its status, code and Dutch message. */
export function appErrorResponse(error: AppError) {
  if (CODE_ONLY.includes(error.code)) return data({ code: error.code }, { status: error.status });
  return data({ message: error.message, code: error.code }, { status: error.status });
}

/**
 * For a loader's or action's catch: an AppError is thrown as its HTTP response
 * (the route's error page); anything else is rethrown as it is (500, with a
 * generic Dutch page — never a stack trace).
 */
export function throwAsResponse(error: unknown): never {
  if (error instanceof AppError) throw appErrorResponse(error);
  throw error;
}

/**
 * Runs a domain call in a loader or action and turns an AppError into an HTTP
 * response; other errors propagate.
 */
export async function orRespond<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throwAsResponse(error);
  }
}

/**
 * An action's answer when a domain call refused: the AppError comes back to the
 * page as `body(error)` with its status (400, 403, 409, 429 …), shown by the
 * form; the codes in `thrown` (by default NOT_FOUND: there is no page to show it
 * on) become the route's error page. Anything else is rethrown (500).
 */
export function replyWithError<T>(error: unknown, body: (error: AppError) => T, thrown: readonly AppErrorCode[] = ["NOT_FOUND"]) {
  if (!(error instanceof AppError) || thrown.includes(error.code)) throwAsResponse(error);
  return data(body(error), { status: error.status });
}

/** A 404 response with a Dutch message. */
export function notFoundResponse(message = "Deze pagina bestaat niet of u hebt er geen toegang toe.") {
  return data({ message, code: "NOT_FOUND" }, { status: 404 });
}

/**
 * The Cache-Control of everything private: every HTML page (each carries the
 * signed-in user's data or a signing link's, and its own CSP nonce), the data
 * of client-side navigations, and the downloads. Nothing is kept by a browser
 * cache or a proxy. Public static files (build/client) keep their own caching.
 */
export const PRIVATE_NO_STORE = "private, no-store";
