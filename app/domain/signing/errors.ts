import { AppError } from "~/utils/errors";

/** Problems with the signing form, by field (code, consent, fullName, drawnSignature, reason). */
export class SigningFormError extends AppError {
  readonly fieldErrors: Record<string, string[]>;
  constructor(fieldErrors: Record<string, string[]>) {
    const first = Object.entries(fieldErrors)[0];
    super("INVALID_INPUT", first?.[1][0] ?? "Controleer wat u invulde.", first?.[0]);
    this.fieldErrors = fieldErrors;
  }
}
