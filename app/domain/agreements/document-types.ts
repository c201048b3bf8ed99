import type { OrganisationKind } from "~/domain/organisations/kinds";

// The four document types and their parties. The clause library
// (templates/document-types) describes them in full; this is the part the
// agreement records themselves need.

export const DOCUMENT_TYPE_IDS = [
  "afsprakennota",
  "engagementsverklaring-brugfiguren",
  "samenwerkingsovereenkomst",
  "engagementsverklaring-ouders",
] as const;
export type DocumentTypeId = (typeof DOCUMENT_TYPE_IDS)[number];

export type PartyRoleDef = { id: string; label: string; kinds: readonly OrganisationKind[] };

export const DOCUMENT_TYPES: Record<
  DocumentTypeId,
  { label: string; yearCount: number; parties: readonly PartyRoleDef[] }
> = {
  afsprakennota: {
    label: "Afsprakennota",
    yearCount: 1,
    parties: [
      { id: "school", label: "School", kinds: ["school"] },
      { id: "clb", label: "CLB", kinds: ["clb"] },
    ],
  },
  "engagementsverklaring-brugfiguren": {
    label: "Engagementsverklaring brugfiguren",
    yearCount: 3,
    parties: [
      { id: "school", label: "School", kinds: ["school"] },
      { id: "brugfiguren", label: "Brugfigurenwerking", kinds: ["brugfiguren"] },
    ],
  },
  samenwerkingsovereenkomst: {
    label: "Samenwerkingsovereenkomst",
    yearCount: 3,
    parties: [
      { id: "lokaal_bestuur", label: "Lokaal bestuur", kinds: ["lokaal_bestuur"] },
      { id: "school", label: "School", kinds: ["school"] },
      { id: "welzijnspartner", label: "Welzijnspartner", kinds: ["welzijnspartner", "brugfiguren", "clb"] },
    ],
  },
  "engagementsverklaring-ouders": {
    label: "Engagementsverklaring tussen school en ouders",
    yearCount: 1,
    parties: [{ id: "school", label: "School", kinds: ["school"] }],
  },
};

export function isDocumentTypeId(value: string): value is DocumentTypeId {
  return (DOCUMENT_TYPE_IDS as readonly string[]).includes(value);
}

export function documentTypeLabel(id: string): string {
  return isDocumentTypeId(id) ? DOCUMENT_TYPES[id].label : id;
}

export const AGREEMENT_STATUS_LABELS: Record<string, string> = {
  concept: "Concept",
  ter_ondertekening: "Ter ondertekening",
  ondertekend: "Ondertekend",
  geweigerd: "Geweigerd",
  verlopen: "Verlopen",
  gearchiveerd: "Gearchiveerd",
};

/** "Afsprakennota 2026-2027 — VBS De Wereldreiziger × CLB Waasland" */
export function suggestTitle(typeId: DocumentTypeId, schoolYear: string, partyNames: string[]): string {
  const names = partyNames.filter(Boolean).join(" × ");
  return `${DOCUMENT_TYPES[typeId].label} ${schoolYear}${names ? ` — ${names}` : ""}`;
}
