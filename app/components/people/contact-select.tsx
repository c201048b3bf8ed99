import type { ComponentProps } from "react";

/**
 * A partner's default contact person for a school: "Niemand" or one of its
 * own active members. Someone still stored who has since left is shown as such
 * (not offered again).
 */
export function ContactSelect({
  members,
  current,
  ...props
}: {
  members: ReadonlyArray<{ id: string; name: string }>;
  current: string | null;
} & Omit<ComponentProps<"select">, "defaultValue" | "name">) {
  const left = current !== null && !members.some((m) => m.id === current);
  return (
    <select
      key={current ?? ""}
      name="contactUserId"
      defaultValue={current ?? ""}
      {...props}
    >
      <option value="">Niemand</option>
      {left ? (
        <option value={current} disabled>
          Niet meer actief
        </option>
      ) : null}
      {members.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </select>
  );
}
