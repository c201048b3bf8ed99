// Errors as values the UI can map to a status and a Dutch message.

export type AppErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "INVALID_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UNAUTHENTICATED"
  /** A personal link (signing) that does not, or no longer, work: unknown, used, declined, lapsed, superseded. */
  | "LINK_UNAVAILABLE"
  /** A personal link that was right but has expired, while its request could still be signed. */
  | "LINK_EXPIRED"
  /** A version whose stored content does not match its hash: nothing may be shown, signed or sent. */
  | "VERSION_TAMPERED";

const STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAUTHENTICATED: 401,
  LINK_UNAVAILABLE: 410,
  LINK_EXPIRED: 410,
  VERSION_TAMPERED: 409,
};

const DEFAULT_MESSAGES: Record<AppErrorCode, string> = {
  NOT_FOUND: "Deze pagina bestaat niet of u hebt er geen toegang toe.",
  FORBIDDEN: "U mag deze actie niet uitvoeren.",
  INVALID_INPUT: "Er ging iets mis met de ingevulde gegevens.",
  CONFLICT: "Iemand anders heeft dit intussen gewijzigd.",
  RATE_LIMITED: "Te veel pogingen. Probeer het later opnieuw.",
  UNAUTHENTICATED: "Meld u aan om verder te gaan.",
  LINK_UNAVAILABLE: "Deze link werkt niet (meer).",
  LINK_EXPIRED: "Deze link is verlopen.",
  VERSION_TAMPERED: "De inhoud van deze versie klopt niet met wat werd vastgelegd. Ze kan niet ondertekend worden.",
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
export const unusableLink = () => new AppError("LINK_UNAVAILABLE");
export const expiredLink = () => new AppError("LINK_EXPIRED");
export const tamperedVersion = () => new AppError("VERSION_TAMPERED");

/** True for an AppError, and when codes are given, for one with one of those codes. */
export function isAppError(error: unknown, ...codes: AppErrorCode[]): error is AppError {
  return error instanceof AppError && (codes.length === 0 || codes.includes(error.code));
}
