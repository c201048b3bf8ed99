// Puts the yearly initiative reminders in the outbox (see initiative.ts): one
// per school with a signed afsprakennota for this school year and none yet
// for next year, to the school's directie. Called by the reminder sweep, which
// delivers them; the idempotency key keeps it to once per school per year.
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { buildMail } from "~/domain/mail/templates";
import { env } from "~/utils/env.server";
import { initiativeKey, initiativeWindowAt, type InitiativeWindow } from "./initiative";
import { formatShortDate } from "./messages";
import { enqueueMessage, type OutboxClient } from "./outbox.server";

const DOCUMENT_TYPE = "afsprakennota";
export const INITIATIVE_KIND = "initiative";

type InitiativeFact = {
  schoolId: string;
  schoolName: string;
  clbName: string;
  agreementId: string;
  recipient: { email: string; name: string };
};

/** This year's signed nota's whose school has no nota for next year yet, with the school's first directie member. */
async function loadInitiativeFacts(client: OutboxClient, window: InitiativeWindow): Promise<InitiativeFact[]> {
  const notas = await client.agreement.findMany({
    where: {
      documentType: DOCUMENT_TYPE,
      status: "ondertekend",
      schoolYear: window.schoolYear,
      // Not reminded yet (the reminder is stored with this nota).
      outboxMessages: { none: { kind: INITIATIVE_KIND } },
      // No nota for next year with this school yet (renewed or started by hand).
      parties: {
        some: {
          organisation: {
            kind: "school",
            parties: { none: { agreement: { documentType: DOCUMENT_TYPE, schoolYear: window.nextYear, status: { not: "gearchiveerd" } } } },
          },
        },
      },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      parties: {
        select: {
          organisation: {
            select: {
              id: true,
              kind: true,
              name: true,
              memberships: {
                where: { role: "directie", active: true, user: { active: true } },
                orderBy: [{ createdAt: "asc" }, { id: "asc" }],
                take: 1,
                select: { user: { select: { email: true, name: true } } },
              },
            },
          },
        },
      },
    },
  });
  const facts: InitiativeFact[] = [];
  for (const nota of notas) {
    const school = nota.parties.find((p) => p.organisation.kind === "school")?.organisation;
    const clb = nota.parties.find((p) => p.organisation.kind === "clb")?.organisation;
    const recipient = school?.memberships[0]?.user;
    if (!school || !recipient || facts.some((f) => f.schoolId === school.id)) continue;
    facts.push({ schoolId: school.id, schoolName: school.name, clbName: clb?.name ?? "het CLB", agreementId: nota.id, recipient });
  }
  return facts;
}

function composeInitiativeMail(fact: InitiativeFact, window: InitiativeWindow, publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, "");
  return buildMail({
    to: fact.recipient.email,
    subject: `Afsprakennota ${window.nextYear}: ${fact.schoolName} neemt het initiatief`,
    greeting: `Beste ${fact.recipient.name}`,
    paragraphs: [
      `Sinds 1 september 2020 (decreet leerlingenbegeleiding van 2018) neemt de school het initiatief voor de afsprakennota met haar CLB. Het is nu tijd om de afsprakennota voor ${window.nextYear} met ${fact.clbName} voor te bereiden, zodat ze voor de zomer klaar is.`,
      `Met de knop hieronder start u in Akkoord het concept voor ${window.nextYear} vanuit de nota en de evaluatie van ${window.schoolYear}: de afspraken die nog lopen en de evaluatienotities staan erbij. Bestaat het concept al, dan opent de knop het.`,
      `U krijgt dit bericht één keer per schooljaar, vanaf ${formatShortDate(window.date)}.`,
    ],
    action: { label: `Afsprakennota ${window.nextYear} starten`, url: `${base}/overeenkomsten/${fact.agreementId}/vernieuwen` },
  });
}

/** Enqueues the initiative reminders due at `now`; returns how many were new. */
export async function enqueueInitiativeReminders(client: OutboxClient, options: { now: Date; publicUrl: string; monthDay?: string }): Promise<number> {
  const window = initiativeWindowAt(options.now, options.monthDay ?? env().INITIATIVE_REMINDER_DATE);
  if (!window) return 0;
  // Not on a school's own day off (studiedag, …): it goes on its next working morning.
  const today = brusselsDate(options.now);
  const offToday = new Set(
    (await client.organisationDayOff.findMany({ where: { startDate: { lte: today }, endDate: { gte: today } }, select: { organisationId: true } })).map(
      (day) => day.organisationId,
    ),
  );
  let added = 0;
  for (const fact of await loadInitiativeFacts(client, window)) {
    if (offToday.has(fact.schoolId)) continue;
    const mail = composeInitiativeMail(fact, window, options.publicUrl);
    const stored = await enqueueMessage(client, {
      // Once per school per year, also when another sweep is first.
      idempotencyKey: initiativeKey(window.schoolYear, fact.schoolId),
      kind: INITIATIVE_KIND,
      recipient: fact.recipient.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      dueAt: window.dueAt,
      agreementId: fact.agreementId,
    });
    if (stored) added++;
  }
  return added;
}
