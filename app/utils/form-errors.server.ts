import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { AppError } from "./errors";
import { appErrorResponse } from "./http.server";

type Replyable = {
  reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }) => SubmissionResult<string[]>;
};

/**
 * Maps a domain AppError onto the submitted form: a field error when the error
 * names a field, a form error otherwise, with its HTTP status (400/403/404/409).
 * Anything else is rethrown.
 */
export function replyWithAppError(submission: Replyable, error: unknown) {
  if (!(error instanceof AppError)) throw error;
  if (error.code === "NOT_FOUND") throw appErrorResponse(error);
  const reply = error.field
    ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
    : submission.reply({ formErrors: [error.message] });
  return data(reply, { status: error.status });
}
