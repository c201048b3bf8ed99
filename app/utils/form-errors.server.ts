import type { SubmissionResult } from "@conform-to/react";
import { replyWithError } from "./http.server";

type Replyable = {
  reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }) => SubmissionResult<string[]>;
};

/**
 * Maps a domain AppError onto the submitted form: a field error when the error
 * names a field, a form error otherwise, with its HTTP status (400/403/404/409).
 * Anything else is rethrown.
 */
export function replyWithAppError(submission: Replyable, error: unknown) {
  return replyWithError(error, (e) =>
    e.field ? submission.reply({ fieldErrors: { [e.field]: [e.message] } }) : submission.reply({ formErrors: [e.message] }),
  );
}
