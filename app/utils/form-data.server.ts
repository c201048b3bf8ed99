import { data } from "@remix-run/node";

/**
 * Reads a submitted form. A body that is not a readable form (broken
 * multipart, wrong content type) is the sender's mistake: 400 with a Dutch
 * message instead of a server error.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data(
      { message: "Het formulier kon niet gelezen worden. Laad de pagina opnieuw en probeer nog eens.", code: "INVALID_INPUT" },
      { status: 400 },
    );
  }
}
