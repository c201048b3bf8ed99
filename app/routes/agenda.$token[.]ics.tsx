import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendarFeed, userForCalendarToken } from "~/domain/reminders/calendar-feed.server";
import { env } from "~/utils/env.server";

// The personal iCalendar feed: /agenda/<token>.ics. No sign-in: the secret
// token in the URL is the key, so an unknown or revoked token is a plain 404.
export async function loader({ params }: LoaderFunctionArgs) {
  const user = await userForCalendarToken(params.token ?? "");
  if (!user) {
    return new Response("Deze agenda-link bestaat niet of werd ingetrokken.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const body = await buildCalendarFeed({ userId: user.id, now: new Date(), publicUrl: env().PUBLIC_URL });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="akkoord.ics"',
      "Cache-Control": "private, no-cache",
      "X-Robots-Tag": "noindex",
    },
  });
}
