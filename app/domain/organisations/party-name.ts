// How a party is named wherever the agreement shows its parties (the draft's
// parties block, the version page, the signing page, the PDF, the mails):
// the organisation and, when it has one, the board that runs it — the legal
// party behind a school or CLB. Pure: shared by browser and server.

export type NamedParty = { name: string; boardName?: string | null };

/** "VBS De Wereldreiziger, ingericht door vzw Katholiek Onderwijs Zuid", or just the name. */
export function partyDisplayName(party: NamedParty): string {
  const board = party.boardName?.trim();
  return board ? `${party.name}, ingericht door ${board}` : party.name;
}

/** "namens het schoolbestuur vzw …" for a signatory who signs on behalf of the board. */
export function onBehalfOfText(onBehalfOf: string | null | undefined, mandate?: string | null): string | null {
  const board = onBehalfOf?.trim();
  if (!board) return null;
  const extra = mandate?.trim();
  return `namens het schoolbestuur ${board}${extra ? ` (${extra})` : ""}`;
}

/** On the signing page: "U tekent namens het schoolbestuur vzw …, als directeur (mandate)." — null when signing for the party itself. */
export function signingCapacityText(signatory: { onBehalfOf?: string | null; mandate?: string | null; functionTitle: string }): string | null {
  const board = signatory.onBehalfOf?.trim();
  if (!board) return null;
  const mandate = signatory.mandate?.trim();
  return `U tekent namens het schoolbestuur ${board}, als ${signatory.functionTitle}${mandate ? ` (${mandate})` : ""}.`;
}
