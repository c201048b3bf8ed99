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
