import {
  commitmentsForDocumentType,
  type ClauseTemplate,
  type Commitment,
  type VariableDef,
} from "~/domain/templates/schema";

// A draft clause carries the template data of the version it was drafted
// with (as JSON columns), so later library changes don't alter the agreement.

export function draftClauseFromTemplate(clause: ClauseTemplate, documentTypeId: string) {
  return {
    templateId: clause.id,
    templateVersion: clause.version,
    section: clause.section,
    title: clause.title,
    body: clause.body,
    modified: false,
    bouwsteen: clause.bouwsteen,
    variables: JSON.stringify(clause.variables),
    commitments: JSON.stringify(commitmentsForDocumentType(clause, documentTypeId)),
  };
}

export function parseClauseVariables(json: string): VariableDef[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as VariableDef[]) : [];
  } catch {
    return [];
  }
}

export function parseClauseCommitments(json: string): Commitment[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as Commitment[]) : [];
  } catch {
    return [];
  }
}
