// The Dutch e-mail for each kind of due item. Pure: plain text in, subject,
// text and HTML out (via the mail module's buildMail, which escapes everything).
import { toDayNumber, type IsoDate } from "~/domain/calendar/dates";
import { LINK_TOKEN_PLACEHOLDER } from "~/domain/mail/link-token";
import { COMMITMENT_STATUS_LABELS, type CommitmentStatus } from "~/domain/commitments/vocabulary";
import { buildMail } from "~/domain/mail/templates";
import { brusselsDate, TIME_ZONE } from "~/domain/calendar/brussels-time";
import type { DueItem } from "./due";

export interface ComposedMessage {
  subject: string;
  text: string;
  html: string;
}

const longDate = new Intl.DateTimeFormat("nl-BE", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const shortDate = new Intl.DateTimeFormat("nl-BE", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const listDate = new Intl.DateTimeFormat("nl-BE", { weekday: "short", day: "numeric", month: "long", timeZone: "UTC" });
const instant = new Intl.DateTimeFormat("nl-BE", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: TIME_ZONE,
});

const asUtcDate = (date: IsoDate) => new Date(`${date}T00:00:00Z`);
/** "woensdag 13 januari 2027" */
export const formatLongDate = (date: IsoDate) => longDate.format(asUtcDate(date));
/** "13 januari 2027" */
export const formatShortDate = (date: IsoDate) => shortDate.format(asUtcDate(date));
/** "13 januari 2027 om 17:00" (Brussels time) */
export const formatInstant = (at: Date) => {
  const text = instant.format(at);
  return text.includes(" om ") ? text : text.replace(/,? (\d{2}:\d{2})$/, " om $1");
};

function daysLeftText(date: IsoDate, now: Date): string {
  const days = toDayNumber(date) - toDayNumber(brusselsDate(now));
  if (days <= 0) return "Dat is vandaag.";
  if (days === 1) return "Dat is morgen.";
  return `Dat is over ${days} dagen.`;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const quoted = (title: string) => `„${title}”`;

/** Subject and body of the e-mail for a due item, composed at `now`. */
export function composeMessage(item: DueItem, context: { publicUrl: string; now: Date }): ComposedMessage {
  const base = context.publicUrl.replace(/\/+$/, "");
  const agreementUrl = (id: string) => `${base}/overeenkomsten/${encodeURIComponent(id)}`;
  const greeting = `Beste ${item.recipient.name}`;

  switch (item.kind) {
    case "eval-14d":
    case "eval-3d": {
      const preparation =
        item.kind === "eval-14d"
          ? "Spreek af wie het overleg voorbereidt, en bekijk samen welke afspraken al gehaald zijn."
          : "Zet klaar welke afspraken u wilt bespreken. Na het overleg noteert u de evaluatie in Akkoord.";
      return buildMail({
        to: item.recipient.email,
        subject: `Evaluatie op ${formatShortDate(item.moment.date)}: ${item.agreement.title}`,
        greeting,
        paragraphs: [
          `Op ${formatLongDate(item.moment.date)} staat de ${lowerFirst(item.moment.label)} van ${quoted(item.agreement.title)} gepland. ${daysLeftText(item.moment.date, context.now)}`,
          preparation,
        ],
        action: { label: "Open de overeenkomst", url: agreementUrl(item.agreement.id) },
      });
    }
    case "eval-overdue": {
      const who = item.noAccountableParty
        ? "Er is geen partij aangeduid als eindverantwoordelijke (A), daarom krijgen alle partners dit bericht."
        : `U krijgt dit bericht omdat ${item.accountable.join(" en ")} eindverantwoordelijk (A) is voor de meeste afspraken.`;
      return buildMail({
        to: item.recipient.email,
        subject: `Evaluatie nog niet afgerond: ${item.agreement.title}`,
        greeting,
        paragraphs: [
          `De ${lowerFirst(item.moment.label)} van ${quoted(item.agreement.title)} stond gepland op ${formatLongDate(item.moment.date)}, maar is nog niet afgerond.`,
          "Noteer de evaluatie in Akkoord, of spreek met de partners een nieuwe datum af.",
          who,
        ],
        action: { label: "Open de overeenkomst", url: agreementUrl(item.agreement.id) },
      });
    }
    case "commitment-overdue": {
      const status = COMMITMENT_STATUS_LABELS[item.commitment.status as CommitmentStatus] ?? item.commitment.status;
      return buildMail({
        to: item.recipient.email,
        subject: `Afspraak over tijd: ${item.agreement.title}`,
        greeting,
        paragraphs: [
          `In ${quoted(item.agreement.title)} staat de afspraak ${quoted(item.commitment.what)}. Die moest klaar zijn tegen ${formatLongDate(item.commitment.dueDate)}, maar staat nog op „${lowerFirst(status)}”.`,
          "Werk de status bij in Akkoord (met een notitie of een bewijs), of spreek met de partners een nieuwe datum af.",
          `U krijgt dit bericht omdat ${item.accountable.join(" en ")} eindverantwoordelijk (A) is voor deze afspraak.`,
        ],
        action: { label: "Open de afspraken", url: `${agreementUrl(item.agreement.id)}/afspraken` },
      });
    }
    case "sign-reminder": {
      // With the request's link seed the reminder carries the current link itself
      // (the outbox puts in its token); else it tells how to get a working one.
      const withLink = !!item.request.linkSeed;
      return buildMail({
        to: item.recipient.email,
        subject: `Herinnering: ${quoted(item.agreement.title)} wacht op uw handtekening`,
        greeting,
        paragraphs: [
          `Op ${formatShortDate(brusselsDate(item.request.invitedAt))} vroegen we u om ${quoted(item.agreement.title)} te ondertekenen. Uw handtekening ontbreekt nog.`,
          withLink
            ? `U kunt ondertekenen via de knop hieronder: het is dezelfde persoonlijke link als in de uitnodiging. Stuur deze e-mail niet door. De link werkt tot ${formatInstant(item.request.expiresAt)}.`
            : `U vindt de link om te ondertekenen in die e-mail (of in de laatste die u daarna kreeg met een nieuwe link). De link werkt tot ${formatInstant(item.request.expiresAt)}.`,
          "Is de link verlopen? Open hem toch: op die pagina vraagt u met één klik een nieuwe link aan, die per e-mail naar dit adres komt.",
          "Werkt de link niet meer? Vraag wie u de overeenkomst stuurde om u de link opnieuw te sturen (knop „Stuur de link opnieuw” bij de overeenkomst). Wilt u niet tekenen? Neem dan ook contact op met die persoon.",
          `Dit is herinnering ${item.number} van ${item.max}.`,
        ],
        action: withLink ? { label: "Document lezen en ondertekenen", url: `${base}/onderteken/${LINK_TOKEN_PLACEHOLDER}` } : undefined,
      });
    }
    case "digest": {
      const lines = item.entries.map(
        (entry) => `• ${listDate.format(asUtcDate(entry.date))}: ${entry.label} — ${entry.agreement.title}`,
      );
      const mine = (item.mine ?? []).map(
        (c) => `• ${c.dueDate < brusselsDate(context.now) ? "over tijd sinds" : "tegen"} ${listDate.format(asUtcDate(c.dueDate))}: ${c.what} — ${c.agreement.title}`,
      );
      const count = item.entries.length + mine.length;
      return buildMail({
        to: item.recipient.email,
        subject: `Uw overzicht voor de komende twee weken (${count} ${count === 1 ? "punt" : "punten"})`,
        greeting,
        paragraphs: [
          ...(lines.length > 0 ? ["Dit staat de komende twee weken gepland voor uw organisatie:", lines.join("\n")] : []),
          // The commitments the reader carries: named on the R or A, or contact person of that party.
          ...(mine.length > 0 ? ["Mijn afspraken (u draagt ze of u bent contactpersoon):", mine.join("\n")] : []),
          `U krijgt dit overzicht elke maandag; valt die in een vakantie of op een vrije dag, dan op de werkdag ervoor. Uitzetten kan bij Instellingen: ${base}/instellingen`,
        ],
        action: { label: "Naar Akkoord", url: `${base}/` },
      });
    }
  }
}
