// msw handlers for a school's published iCalendar (the import on /kalender
// fetches it: app/domain/days-off/import-ical.server.ts). One host, a path per case.
import { delay, http, HttpResponse } from "msw";

export const SCHOOL_CALENDAR_BASE = "https://agenda.school.test";

/** An iCalendar text with these all-day events ([first day, last day, summary]). */
export function icsOf(events: ReadonlyArray<readonly [string, string, string]>, extra = ""): string {
  const compact = (date: string) => date.replaceAll("-", "");
  const dayAfter = (date: string) => {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  };
  const body = events
    .map(
      ([start, end, summary], i) =>
        `BEGIN:VEVENT\r\nUID:e${i}@school.test\r\nDTSTAMP:20260901T000000Z\r\nDTSTART;VALUE=DATE:${compact(start)}\r\nDTEND;VALUE=DATE:${compact(dayAfter(end))}\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\n`,
    )
    .join("");
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//School//Kalender//NL\r\n${body}${extra}END:VCALENDAR\r\n`;
}

/** What the school publishes at /kalender.ics: two studiedagen, a day in the herfstvakantie, an exam period. */
export const PUBLISHED_EVENTS = [
  ["2026-10-07", "2026-10-07", "Pedagogische studiedag"],
  ["2027-02-03", "2027-02-03", "Facultatieve vrije dag"],
  ["2026-11-04", "2026-11-04", "Herfstvakantie (extra)"],
  ["2027-06-14", "2027-06-25", "Examenperiode"],
] as const;

export const requestsSeen: string[] = [];

export const schoolCalendarHandlers = [
  http.get(`${SCHOOL_CALENDAR_BASE}/kalender.ics`, ({ request }) => {
    requestsSeen.push(request.url);
    return new HttpResponse(icsOf(PUBLISHED_EVENTS), { headers: { "Content-Type": "text/calendar; charset=utf-8" } });
  }),
  // Over 1 MB, sent in chunks without a Content-Length: refused while reading.
  http.get(`${SCHOOL_CALENDAR_BASE}/groot.ics`, () => {
    const chunk = new TextEncoder().encode(`X-FILLER:${"x".repeat(64 * 1024)}\r\n`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ > 40) controller.close();
        else controller.enqueue(chunk);
      },
    });
    return new HttpResponse(stream, { headers: { "Content-Type": "text/calendar" } });
  }),
  http.get(`${SCHOOL_CALENDAR_BASE}/traag.ics`, async () => {
    await delay(5_000);
    return new HttpResponse(icsOf(PUBLISHED_EVENTS));
  }),
  http.get(`${SCHOOL_CALENDAR_BASE}/naar-binnen.ics`, () => new HttpResponse(null, { status: 302, headers: { Location: "http://127.0.0.1:3000/geheim" } })),
  http.get(`${SCHOOL_CALENDAR_BASE}/weg.ics`, () => new HttpResponse("Not found", { status: 404 })),
];
