import { data } from "@remix-run/node";
import type { z } from "zod";

/**
 * Parses a form with several buttons (an "intent" each) against a zod schema.
 * A malformed submission is a 400 with a Dutch message.
 */
export function parseIntent<S extends z.ZodTypeAny>(schema: S, formData: FormData): z.infer<S> {
  const result = schema.safeParse(Object.fromEntries(formData));
  if (!result.success) {
    const first = result.error.issues[0];
    const message = first && !first.message.startsWith("Invalid") && !first.message.startsWith("Required")
      ? first.message
      : "Deze actie kunnen we niet uitvoeren: het formulier was onvolledig. Laad de pagina opnieuw.";
    throw data({ message, code: "INVALID_INPUT" }, { status: 400 });
  }
  return result.data;
}
