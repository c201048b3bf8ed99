import { data } from "@remix-run/node";
import { AppError } from "./errors";

/** The HTTP response for an AppError: its status and Dutch message. */
export function appErrorResponse(error: AppError) {
  return data({ message: error.message, code: error.code }, { status: error.status });
}

/**
 * Runs a domain call in a loader or action and turns an AppError into an HTTP
 * response; other errors propagate (500, with a generic Dutch page — never a
 * stack trace).
 */
export async function orRespond<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw appErrorResponse(error);
    throw error;
  }
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
