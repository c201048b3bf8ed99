import { data } from "@remix-run/node";

export const FORM_MESSAGES = {
  unreadable: "Het formulier kon niet gelezen worden. Laad de pagina opnieuw en probeer nog eens.",
  invisible:
    "Uw invoer bevat een onzichtbaar teken of stuurteken (bijvoorbeeld een nulteken, een onzichtbare spatie of een richtingsteken). Verwijder het en probeer opnieuw.",
} as const;

/**
 * Unicode control (Cc) and format (Cf) characters: NUL, bell, escape,
 * zero-width spaces and joiners, bidirectional overrides, soft hyphens, BOM.
 * Invisible in the page but stored, printed in the sealed PDF and mailed.
 */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;
/** Multi-line fields may also hold tab, line feed and carriage return (browsers send CR LF). */
const CONTROL_OR_FORMAT_EXCEPT_LINES = /(?![\t\n\r])[\p{Cc}\p{Cf}]/u;
const BOM = "\ufeff";

export interface ReadFormDataOptions {
  /** Fields posted from a textarea: tab and line breaks are allowed there. */
  multiLine?: readonly string[] | ((name: string) => boolean);
  /** Fields that are never stored as text (a password is only hashed): not checked. */
  unchecked?: readonly string[];
}

/** True when `value` holds a character no text field may store. */
export function hasForbiddenCharacters(value: string, multiLine = false): boolean {
  return (multiLine ? CONTROL_OR_FORMAT_EXCEPT_LINES : CONTROL_OR_FORMAT).test(value);
}

function matches(list: readonly string[] | ((name: string) => boolean) | undefined, name: string): boolean {
  if (!list) return false;
  return typeof list === "function" ? list(name) : list.includes(name);
}

/**
 * Reads a submitted form: the one door every action's text input comes
 * through. A body that is not a readable form (broken multipart, wrong content
 * type) is the sender's mistake: 400 with a Dutch message instead of a server
 * error. So is a text field holding a control or format character (files are
 * not checked: they have their own readers). Nothing is stored in either case.
 * Returns a copy of the form with a leading byte order mark dropped from each text value.
 */
export async function readFormData(request: Request, options: ReadFormDataOptions = {}): Promise<FormData> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw data({ message: FORM_MESSAGES.unreadable, code: "INVALID_INPUT" }, { status: 400 });
  }
  const checked = new FormData();
  for (const [name, value] of formData) {
    if (typeof value !== "string" || matches(options.unchecked, name)) {
      checked.append(name, value);
      continue;
    }
    // Text pasted from Excel or Notepad may start with a byte order mark: dropped, not refused.
    const text = value.startsWith(BOM) ? value.slice(BOM.length) : value;
    if (hasForbiddenCharacters(name) || hasForbiddenCharacters(text, matches(options.multiLine, name))) {
      throw data({ message: FORM_MESSAGES.invisible, code: "INVALID_INPUT", field: name }, { status: 400 });
    }
    checked.append(name, text);
  }
  return checked;
}
