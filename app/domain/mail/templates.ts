// Builds the plain and HTML versions of a short Dutch e-mail from plain
// text. Every piece of text is HTML-escaped; callers never pass raw HTML.
import type { MailMessage } from "./types";

export const DEFAULT_GREETING = "Beste";
export const DEFAULT_FOOTER = "Dit bericht werd automatisch verstuurd door Akkoord.";
/** Under every mail of a demo installation (AKKOORD_MODE=demo). */
export const DEMO_MAIL_NOTICE =
  "Demo-omgeving: dit bericht komt uit een demo van Akkoord. Het heeft geen waarde: er werd niets echt gevraagd, beloofd of ondertekend.";

export interface BuildMailInput {
  to: MailMessage["to"];
  subject: string;
  /** Opening line without comma, e.g. "Beste Jan". Default "Beste". */
  greeting?: string;
  /** Plain-text paragraphs; line breaks inside a paragraph are kept. */
  paragraphs: string[];
  /** Call to action; the URL must be http(s). */
  action?: { label: string; url: string };
  footer?: string;
}

export type BuiltMail = Pick<MailMessage, "to" | "subject" | "text" | "html">;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function escapeMultiline(value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map(escapeHtml)
    .join("<br>");
}

function checkActionUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`buildMail: action.url must be an absolute URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new TypeError(`buildMail: action.url must use http or https, got ${parsed.protocol}`);
  }
  return parsed.href;
}

function greetingLine(greeting: string): string {
  const trimmed = greeting.trim();
  return /[,:!]$/.test(trimmed) ? trimmed : `${trimmed},`;
}

const FONT = "font-family:Arial,Helvetica,sans-serif;";
const TEXT_STYLE = `${FONT}font-size:16px;line-height:1.5;color:#1f2937;margin:0 0 16px 0;`;

const BUTTON_STYLE =
  `display:inline-block;padding:12px 20px;${FONT}font-size:16px;font-weight:bold;` +
  "color:#ffffff;text-decoration:none;border-radius:6px;";
const SMALL_STYLE = `${FONT}font-size:14px;line-height:1.5;color:#4b5563;margin:0 0 16px 0;`;

function actionHtml(label: string, url: string): string {
  const href = escapeHtml(url);
  return [
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;"><tr>',
    '<td style="border-radius:6px;background-color:#1d4ed8;">',
    `<a href="${href}" style="${BUTTON_STYLE}">${escapeHtml(label)}</a>`,
    "</td></tr></table>",
    `<p style="${SMALL_STYLE}">Werkt de knop niet? Kopieer dan deze link in uw browser:<br>`,
    `<a href="${href}" style="color:#1d4ed8;word-break:break-all;">${href}</a></p>`,
  ].join("\n");
}

/** Subject, plain text and HTML for one e-mail; `to` is passed through so the result can be sent as is. */
export function buildMail(input: BuildMailInput): BuiltMail {
  const subject = input.subject.replace(/\s+/g, " ").trim();
  const greeting = greetingLine(input.greeting ?? DEFAULT_GREETING);
  const paragraphs = input.paragraphs
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
  const footer = (input.footer ?? DEFAULT_FOOTER).trim();
  const action = input.action
    ? { label: input.action.label.trim(), url: checkActionUrl(input.action.url) }
    : undefined;

  const textParts = [greeting, ...paragraphs];
  if (action) textParts.push(`${action.label}:\n${action.url}`);
  const text = `${textParts.join("\n\n")}\n\n-- \n${footer}\n`;

  const htmlParagraphs = [greeting, ...paragraphs]
    .map((paragraph) => `<p style="${TEXT_STYLE}">${escapeMultiline(paragraph)}</p>`)
    .join("\n");
  const htmlAction = action ? actionHtml(action.label, action.url) : "";

  const html = `<!DOCTYPE html>
<html lang="nl-BE">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td style="padding:32px 28px 16px 28px;">
${htmlParagraphs}
${htmlAction}
</td></tr>
<tr><td style="padding:16px 28px 28px 28px;border-top:1px solid #e5e7eb;">
<p style="${FONT}font-size:13px;line-height:1.5;color:#4b5563;margin:0;">${escapeMultiline(footer)}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

  return { to: input.to, subject, text, html };
}

/**
 * The same mail with the demo notice at the end of its footer: the last line
 * of the plain text, and a last paragraph in the HTML body (any HTML, not only
 * buildMail's). Used by the mailer of a demo installation for every message.
 */
export function markAsDemo<T extends { text: string; html: string }>(mail: T): T {
  const text = `${mail.text.replace(/\n+$/, "")}\n\n${DEMO_MAIL_NOTICE}\n`;
  const notice = `<p style="${FONT}font-size:13px;line-height:1.5;color:#92400e;background-color:#fef3c7;margin:0;padding:12px;text-align:center;">${escapeHtml(DEMO_MAIL_NOTICE)}</p>\n`;
  const end = mail.html.toLowerCase().lastIndexOf("</body>");
  const html = end >= 0 ? `${mail.html.slice(0, end)}${notice}${mail.html.slice(end)}` : `${mail.html}\n${notice}`;
  return { ...mail, text, html };
}
