// Form field names of the bulk sending form. Pure: safe for the browser.

export type SchoolSignatoryField = "name" | "functionTitle" | "email" | "contact";

/** The field of one school's signatory, e.g. "s:<schoolId>:email". */
export const schoolFieldName = (schoolId: string, field: SchoolSignatoryField) => `s:${schoolId}:${field}`;

/** The fields of the service's own signatory. */
export const SERVICE_FIELDS = { name: "dienst:name", functionTitle: "dienst:functionTitle", email: "dienst:email" } as const;
