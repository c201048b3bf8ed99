// Reading the JSON data of audit events. Pure.

/** Matches the JSON data of audit events that name this key and value. */
export function jsonFieldFilter(key: string, value: string): { contains: string } {
  return { contains: JSON.stringify({ [key]: value }).slice(1, -1) };
}

/** The data of an audit event as an object ({} when absent or not an object). */
export function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
