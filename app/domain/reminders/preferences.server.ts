// A user's own notification settings: the weekly digest and whether a
// calendar feed link exists (the link itself is shown only once).
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";

type Client = Prisma.TransactionClient;

export interface NotificationSettings {
  weeklyDigest: boolean;
  hasCalendarLink: boolean;
}

export async function loadNotificationSettings(options: { userId: string; client?: Client }): Promise<NotificationSettings> {
  const user = await (options.client ?? db).user.findUniqueOrThrow({
    where: { id: options.userId },
    select: { weeklyDigest: true, calendarTokenHash: true },
  });
  return { weeklyDigest: user.weeklyDigest, hasCalendarLink: user.calendarTokenHash !== null };
}

export async function setWeeklyDigest(options: { userId: string; enabled: boolean; client?: Client }): Promise<void> {
  await (options.client ?? db).user.update({ where: { id: options.userId }, data: { weeklyDigest: options.enabled } });
}
