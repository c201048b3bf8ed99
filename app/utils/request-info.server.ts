/** The client address and user agent, for audit events and rate limits. */
export function requestInfo(request: Request): { ipAddress: string | null; userAgent: string | null } {
  const forwarded = request.headers.get("x-forwarded-for");
  const ipAddress =
    forwarded?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || null;
  return { ipAddress, userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null };
}
