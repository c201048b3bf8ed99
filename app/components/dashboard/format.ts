// Dates as people in Flanders read them (Brussels time). Browser-safe.
const dayFormat = new Intl.DateTimeFormat("nl-BE", { timeZone: "Europe/Brussels", day: "numeric", month: "long", year: "numeric" });

export function formatDay(value: Date | string | null | undefined): string {
  if (!value) return "";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number) as [number, number, number];
    return dayFormat.format(new Date(Date.UTC(y, m - 1, d, 12)));
  }
  return dayFormat.format(new Date(value));
}
