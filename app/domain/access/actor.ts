// The acting user as the domain sees them: who they are and, per active
// membership, which organisation they act for and in which role. Built from the
// session (app/utils/session.server.ts); use cases take it and ask policy.ts.
import type { Role } from "~/domain/organisations/kinds";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  memberships: Array<{
    organisationId: string;
    organisationName: string;
    organisationKind: string;
    role: Role;
    functionTitle: string | null;
  }>;
};
