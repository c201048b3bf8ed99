// Checks of e-mail address fields, shared by the mailer (recipients) and the
// environment module (MAIL_FROM must stop the start when it is no address).
import addressparser from "nodemailer/lib/addressparser";

const LINE_BREAK = /[\r\n]/;
const SIMPLE_ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;

/** True when `value` holds one or more mailbox addresses and nothing else. */
export function isAddressList(value: string): boolean {
  if (LINE_BREAK.test(value) || value.trim() === "") return false;
  const parsed = addressparser(value, { flatten: true });
  return parsed.length > 0 && parsed.every((entry) => SIMPLE_ADDRESS.test(entry.address));
}

/** True when `value` holds exactly one mailbox address, e.g. "Akkoord <no-reply@akkoord.be>". */
export function isSingleAddress(value: string): boolean {
  return isAddressList(value) && addressparser(value, { flatten: true }).length === 1;
}
