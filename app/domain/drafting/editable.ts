/**
 * A draft can be changed while the agreement is a concept, after a refusal
 * (to fix it and freeze a new version), and while an amendment of a signed
 * agreement is being prepared.
 */
export function isDraftEditable(agreement: { status: string; amending: boolean }): boolean {
  return agreement.status === "concept" || agreement.status === "geweigerd" || agreement.amending;
}
