import { loadTemplateLibrary } from "~/domain/templates/load-templates.server";
import { DOCUMENT_TYPE_IDS, type DocumentType, type KnownDocumentTypeId } from "~/domain/templates/schema";
import { invalidInput } from "~/utils/errors";

// Document types come from the clause library (templates/document-types/*.yaml).

export { DOCUMENT_TYPE_IDS };
export type DocumentTypeId = KnownDocumentTypeId;

export function templateLibrary() {
  return loadTemplateLibrary();
}

export function isDocumentTypeId(value: string): value is DocumentTypeId {
  return (DOCUMENT_TYPE_IDS as readonly string[]).includes(value);
}

export function getDocumentType(id: string): DocumentType {
  const type = templateLibrary().documentTypes.get(id);
  if (!type) throw invalidInput("Onbekende soort overeenkomst.", "documentType");
  return type;
}

export function documentTypeLabel(id: string): string {
  return templateLibrary().documentTypes.get(id)?.label ?? id;
}

export function documentTypeOptions(): Array<{ id: string; label: string }> {
  return DOCUMENT_TYPE_IDS.map((id) => ({ id, label: documentTypeLabel(id) }));
}

export function partyRoleLabel(type: DocumentType, roleId: string): string {
  return type.parties.find((p) => p.id === roleId)?.label ?? roleId;
}
