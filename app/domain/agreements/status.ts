// Agreement and version statuses with their Dutch labels (safe for the browser).

export const AGREEMENT_STATUS_LABELS: Record<string, string> = {
  concept: "Concept",
  ter_ondertekening: "Ter ondertekening",
  ondertekend: "Ondertekend",
  geweigerd: "Geweigerd",
  verlopen: "Verlopen",
  gearchiveerd: "Gearchiveerd",
  vervangen: "Vervangen",
};
