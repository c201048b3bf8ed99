// Errors as values the UI can map to a status and a Dutch message.

export type AppErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "INVALID_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UNAUTHENTICATED";

const STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAUTHENTICATED: 401,
};

const DEFAULT_MESSAGES: Record<AppErrorCode, string> = {
  NOT_FOUND: "Deze pagina bestaat niet of u hebt er geen toegang toe.",
  FORBIDDEN: "U mag deze actie niet uitvoeren.",
  INVALID_INPUT: "Er ging iets mis met de ingevulde gegevens.",
  CONFLICT: "Iemand anders heeft dit intussen gewijzigd.",
  RATE_LIMITED: "Te veel pogingen. Probeer het later opnieuw.",
  UNAUTHENTICATED: "Meld u aan om verder te gaan.",
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  /** The form field the problem belongs to, when there is one. */
  readonly field?: string;
  constructor(code: AppErrorCode, message?: string, field?: string) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = "AppError";
    this.code = code;
    this.status = STATUS[code];
    this.field = field;
  }
}

export const notFound = (message?: string) => new AppError("NOT_FOUND", message);
export const forbidden = (message?: string) => new AppError("FORBIDDEN", message);
export const invalidInput = (message: string, field?: string) =>
  new AppError("INVALID_INPUT", message, field);
export const conflict = (message?: string) => new AppError("CONFLICT", message);
