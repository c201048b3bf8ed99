// The authorization matrix, through the real server (scripts/server.js) on a
// copy of the demo database with a second brugfiguren service, a second CLB and
// a second school in it (support/policy-world.ts). Two parts:
//
// 1. ROUTES: every route of the production build (its route manifest), read
//    by every demo role and by an anonymous visitor. A route this table does
//    not know fails the suite: add it with the outcome you intend. On an
//    agreement or school the role's organisation is not party to, every
//    signed-in role gets a 404 (existence does not leak).
//
// 2. POLICY: what each role may do, written by hand from what the rules
//    REQUIRE (app/domain/access/policy.ts and issue 12: "each party acts only
//    for itself"), never from what the server answers. Each row is a real
//    intent with a valid body, so the request reaches its permission check:
//    on the role's own agreement ("own"), on a nested id of the other party of
//    that agreement ("other party": its signatory, its party), on an agreement
//    between other organisations ("other org"), and with a nested id taken
//    from such an agreement on the role's own URL ("nested foreign": a
//    signatory, party, clause, moment, commitment of someone else). Rows that
//    are allowed run on an agreement made fresh for them, so one row's change
//    does not decide another's answer. Some rows also read the body: what
//    another service wrote or mailed must never be in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, isSchoolDay } from "~/domain/calendar";
import { roleAllows, type Permission } from "~/domain/access/policy";
import { addParty } from "~/domain/agreements/manage-parties.server";
import { loadBouwstenen } from "~/domain/commitments/bouwstenen.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { freezeDraft } from "~/domain/versions/freeze-draft.server";
import { AppError } from "~/utils/errors";
import { db as prisma } from "~/utils/db.server";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { sessionUserFor } from "../factories/versions";
import {
  addSignatoryAs,
  FOREIGN_MAIL_SUBJECT,
  freshAgreement,
  preparePolicyWorld,
  SECOND,
  SECOND_SERVICE_NOTE,
  setCounterpartyAcceptance,
  type AgreementFixture,
  type Pair,
  type PartyFixture,
  type PolicyWorld,
} from "./support/policy-world";
import { buildRoutes, isScoped, urlFor, type Identity, type Route, type Scope } from "./support/routes";
import { startAppServer, type AppServer } from "./support/server";
import { openDatabase, sessionCookieFor } from "./support/sqlite";
import { audit, DEMO_ROLES, demoEmail, prepareWorld, WAASRAND_DIRECTIE, type DemoRole } from "./support/world";

// ───────────────────────────── 1. ROUTES ─────────────────────────────

type Outcome = number | "login";
/** One value for every role, or per role (`other` for the roles not named). */
type PerRole = Outcome | (Partial<Record<DemoRole, Outcome>> & { other?: Outcome });
/** GET per identity; POST for an anonymous visitor (the roles' POSTs are the policy below), or "none" without an action. */
type RouteExpectation = { GET: { anonymous: Outcome; roles: PerRole }; POST: Outcome | "none" };

// prettier-ignore
const ROUTES: Record<string, RouteExpectation> = {
  "routes/_index": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  "routes/$": { GET: { anonymous: 404, roles: 404 }, POST: 404 },
  "routes/agenda.$token[.]ics": { GET: { anonymous: 200, roles: 200 }, POST: "none" },
  "routes/beheer.berichten": { GET: { anonymous: "login", roles: { beheerder: 200, other: 403 } }, POST: "login" },
  // Development only: 404 in production.
  // With the file transport, the production server shows a beheerder the mails of their organisations.
  "routes/dev.outbox": { GET: { anonymous: "login", roles: { beheerder: 200, other: 403 } }, POST: "none" },
  "routes/export.afspraken[.]csv": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  "routes/export.overeenkomsten[.]csv": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  "routes/healthz": { GET: { anonymous: 200, roles: 200 }, POST: "none" },
  // Signed in: the page sends you home.
  "routes/inloggen": { GET: { anonymous: 200, roles: 302 }, POST: 400 },
  "routes/instellingen": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/kalender": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/mensen._index": { GET: { anonymous: "login", roles: { zorgcoordinator: 403, clb_medewerker: 403, brugfiguur: 403, other: 200 } }, POST: "login" },
  "routes/onderteken.$token": { GET: { anonymous: 200, roles: 200 }, POST: 400 },
  "routes/onderteken.klaar": { GET: { anonymous: 200, roles: 200 }, POST: "none" },
  "routes/overeenkomsten.$agreementId._index": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/overeenkomsten.$agreementId.afspraken": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/overeenkomsten.$agreementId.contactpersonen": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/overeenkomsten.$agreementId.bewerken": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: "login" },
  "routes/overeenkomsten.$agreementId.bibliotheek": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: "login" },
  "routes/overeenkomsten.$agreementId.clausules.$clauseId": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: "login" },
  "routes/overeenkomsten.$agreementId.evaluaties._index": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/overeenkomsten.$agreementId.evaluaties.$momentId": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/overeenkomsten.$agreementId.invullen": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: "login" },
  // Signing in the app: only for the signed-in signatory of a sent version (the matrix users sign nothing): tests/integration/signing-in-app.test.ts.
  "routes/overeenkomsten.$agreementId.ondertekenen": { GET: { anonymous: "login", roles: 403 }, POST: "login" },
  // Every party's member sees the parties; adding and removing are the policy rows below.
  "routes/overeenkomsten.$agreementId.partijen": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/overeenkomsten.$agreementId.pdf": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  "routes/overeenkomsten.$agreementId.vergelijk": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  "routes/overeenkomsten.$agreementId.versies._index": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  "routes/overeenkomsten.$agreementId.versies.$number": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  // Where the initiative reminder leads: no renewal yet for the agreements of the world, so the page with its one button.
  "routes/overeenkomsten.$agreementId.vernieuwen": { GET: { anonymous: "login", roles: 200 }, POST: "login" },
  "routes/overeenkomsten.$agreementId.voorbeeld": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  // The afsprakennota is a renewal (last year's is shown); the engagementsverklaring has no predecessor.
  "routes/overeenkomsten.$agreementId.vorig-jaar": { GET: { anonymous: "login", roles: { brugfiguur: 404, coordinator: 404, beheerder: 404, other: 200 } }, POST: "none" },
  "routes/overeenkomsten.nieuw": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: "login" },
  // Every role gets the page; roles without a dashboard read that there is none for them.
  "routes/overzicht": { GET: { anonymous: "login", roles: 200 }, POST: "none" },
  // Onze scholen: the service's coordinator and the CLB's staff (issue 13).
  "routes/scholen._index": { GET: { anonymous: "login", roles: { coordinator: 200, clb_medewerker: 200, clb_directeur: 200, other: 403 } }, POST: "login" },
  // A service's coordinator sees the schools it works with; a school's own people see their school.
  "routes/scholen.$schoolId._index": { GET: { anonymous: "login", roles: { coordinator: 200, directie: 200, zorgcoordinator: 200, other: 403 } }, POST: "login" },
  "routes/scholen.$schoolId.intake": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: "login" },
  "routes/scholen.importeren": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: "login" },
  "routes/scholen.nieuw": { GET: { anonymous: "login", roles: { coordinator: 200, clb_medewerker: 200, clb_directeur: 200, other: 403 } }, POST: "login" },
  // An unknown bulk job.
  "routes/scholen.versturen.$jobId": { GET: { anonymous: "login", roles: 404 }, POST: "none" },
  "routes/scholen.versturen._index": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: "login" },
  "routes/uitloggen": { GET: { anonymous: 302, roles: 302 }, POST: "login" },
  // An unknown invitation token.
  "routes/uitnodiging.$token": { GET: { anonymous: 404, roles: 404 }, POST: 400 },
  // The board of a CLB, a brugfiguren service or a city; a school's people have none.
  "routes/volgend-schooljaar._index": { GET: { anonymous: "login", roles: { directie: 403, zorgcoordinator: 403, other: 200 } }, POST: "login" },
  // An unknown renewal job.
  "routes/volgend-schooljaar.$jobId": { GET: { anonymous: "login", roles: 404 }, POST: "none" },
  "routes/verifieer": { GET: { anonymous: 200, roles: 200 }, POST: 400 },
};

// ───────────────────────────── 2. POLICY ─────────────────────────────

/**
 * "ok": done (2xx, or a redirect that is not to the sign-in page);
 * 403/404: exactly that; "deny": 403 or 404 (refused, whichever the route
 * says); "refused": any 4xx (refused, nothing written, whatever the reason).
 */
type Expect = "ok" | 403 | 404 | "deny" | "refused";
/** "invited party": the role's own agreement, on which its organisation is only invited (did not accept). */
type PolicyScope = "own" | "other party" | "other org" | "nested foreign" | "invited party";
const OK = "ok" as const;
const DENY = "deny" as const;

/** The columns of the policy table, in this order. */
const ROLES = ["directie", "zorgcoordinator", "clb_medewerker", "clb_directeur", "brugfiguur", "coordinator", "beheerder"] as const satisfies readonly DemoRole[];

type Action =
  | "create agreement"
  | "read agreement"
  | "fill in values"
  | "edit clause"
  | "freeze"
  | "send"
  | "send with a proposed signatory"
  | "archive"
  | "amend"
  | "renew"
  | "add signatory"
  | "remove signatory"
  | "confirm proposed signatory"
  | "set signing order"
  | "add party"
  | "remove party"
  | "add commitment"
  | "update commitment"
  | "name commitment person"
  | "name contact"
  | "remove contact"
  | "record evaluation"
  | "invite person"
  | "change member role"
  | "read intake"
  | "save intake"
  | "change school master data"
  | "link school"
  | "unlink school"
  | "set school contact"
  | "read mail outbox"
  | "add day off"
  | "sign in app";

// The policy, by hand. Roles are those of the demo: directie and zorgcoördinator
// of VBS De Wereldreiziger and the CLB's medewerker and directeur are the two
// parties of an afsprakennota; the brugfiguur, coördinator and beheerder belong
// to Brugfiguren Sint-Niklaas, party with GO! Atheneum Waasrand to an
// engagementsverklaring. From policy.ts: drafting (agreement:edit) is for
// directie, zorgcoördinator, CLB-medewerker, CLB-directeur and coördinator;
// sending and archiving for the same minus the zorgcoördinator; evaluating for
// everyone but the beheerder; people for beheerder, directie, CLB-directeur
// and coördinator; schools for the coördinator; the mail outbox for the
// beheerder, of his own organisations only. From issue 12: only members of a
// party name, change or remove that party's signatories (a drafter may propose
// one for the other party; a member of that party confirms it); intake notes
// belong to one (service, school) pair; a school's master data is changed by
// the school, Onderwijs Vlaanderen or a platform beheerder, not by a service.
// prettier-ignore
const POLICY: Array<[Action, PolicyScope, readonly Expect[]]> = [
  //  action                         scope             directie zorgcoör clb_mw clb_dir brugf  coörd  beheerder
  // "other org": naming another organisation of the same kind as one's own party.
  ["create agreement",             "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["create agreement",             "other org",      ["refused", "refused", "refused", "refused", "refused", "refused", "refused"]],
  ["read agreement",               "own",            [OK,     OK,      OK,    OK,     OK,    OK,    OK ]],
  ["read agreement",               "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["fill in values",               "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["fill in values",               "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["edit clause",                  "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["edit clause",                  "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["edit clause",                  "nested foreign", [404,    404,     404,   404,    DENY,  404,   DENY]],
  ["freeze",                       "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["freeze",                       "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["send",                         "own",            [OK,     403,     OK,    OK,     403,   OK,    403]],
  ["send",                         "other org",      [404,    404,     404,   404,    404,   404,   404]],
  // The role's party proposed a signatory for the other party, nobody of that party confirmed: not sendable.
  ["send with a proposed signatory", "other party",  ["refused", 403,   "refused", "refused", 403, "refused", 403]],
  ["archive",                      "own",            [OK,     403,     OK,    OK,     403,   OK,    403]],
  ["archive",                      "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["amend",                        "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["amend",                        "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["renew",                        "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["renew",                        "other org",      [404,    404,     404,   404,    404,   404,   404]],
  // A drafter names his own party's signatories; for the other party he may
  // only propose one (stored, not usable before that party confirms it).
  ["add signatory",                "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["add signatory",                "other party",    [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["add signatory",                "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["add signatory",                "nested foreign", ["refused", "refused", "refused", "refused", 403, "refused", 403]],
  // The signing order (and groups) of the whole draft: any drafter of an accepted party, like naming signatories.
  ["set signing order",            "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["set signing order",            "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["remove signatory",             "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["remove signatory",             "other party",    [403,    403,     403,   403,    403,   403,   403]],
  ["remove signatory",             "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["remove signatory",             "nested foreign", [404,    404,     404,   404,    DENY,  404,   DENY]],
  // "own": the other party proposed a signatory for the role's party;
  // "other party": the role's party proposed one for the other party.
  ["confirm proposed signatory",   "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["confirm proposed signatory",   "other party",    [403,    403,     403,   403,    403,   403,   403]],
  ["confirm proposed signatory",   "other org",      [404,    404,     404,   404,    404,   404,   404]],
  // Parties (issue 13): a drafter of an accepted party adds another organisation or removes one
  // (not its own); never a member of a party that was only invited, never on someone else's agreement.
  ["add party",                    "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["add party",                    "invited party",  [403,    403,     403,   403,    403,   403,   403]],
  ["add party",                    "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["remove party",                 "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["remove party",                 "invited party",  [403,    403,     403,   403,    403,   403,   403]],
  ["remove party",                 "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["remove party",                 "nested foreign", [404,    404,     404,   404,    DENY,  404,   DENY]],
  ["add commitment",               "own",            [OK,     OK,      OK,    OK,     OK,    OK,    403]],
  ["add commitment",               "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["add commitment",               "nested foreign", ["refused", "refused", "refused", "refused", "refused", "refused", 403]],
  // Both parties evaluate together: progress on a commitment the other party
  // bears may be recorded by either (the issue restricts signatories, not this).
  ["update commitment",            "own",            [OK,     OK,      OK,    OK,     OK,    OK,    403]],
  ["update commitment",            "other party",    [OK,     OK,      OK,    OK,     OK,    OK,    403]],
  ["update commitment",            "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["update commitment",            "nested foreign", [404,    404,     404,   404,    404,   404,   DENY]],
  // Named people (issue 13): the R/A of a commitment names a person of that party, by that party only (agreement:evaluate there).
  ["name commitment person",       "own",            [OK,     OK,      OK,    OK,     OK,    OK,    403]],
  ["name commitment person",       "other party",    [403,    403,     403,   403,    403,   403,   403]],
  ["name commitment person",       "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["name commitment person",       "nested foreign", [404,    404,     404,   404,    404,   404,   404]],
  // A party names and removes its own contact people (agreement:edit in it); never another party's.
  ["name contact",                 "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["name contact",                 "other party",    [403,    403,     403,   403,    403,   403,   403]],
  ["name contact",                 "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["name contact",                 "nested foreign", ["refused", "refused", "refused", "refused", "refused", "refused", "refused"]],
  ["remove contact",               "own",            [OK,     OK,      OK,    OK,     403,   OK,    403]],
  ["remove contact",               "other party",    [403,    403,     403,   403,    403,   403,   403]],
  ["remove contact",               "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["remove contact",               "nested foreign", ["refused", "refused", "refused", "refused", "refused", "refused", "refused"]],
  ["record evaluation",            "own",            [OK,     OK,      OK,    OK,     OK,    OK,    403]],
  ["record evaluation",            "other org",      [404,    404,     404,   404,    404,   404,   404]],
  ["record evaluation",            "nested foreign", [404,    404,     404,   404,    404,   404,   DENY]],
  // People: into the role's own organisation; into the other party's; a member of the other party.
  ["invite person",                "own",            [OK,     403,     403,   OK,     403,   OK,    OK ]],
  ["invite person",                "other party",    [403,    403,     403,   403,    403,   403,   403]],
  ["change member role",           "other party",    [DENY,   DENY,    DENY,  DENY,   DENY,  DENY,  DENY]],
  // Schools. "own": a school both services work with, the school of the
  // directie and zorgcoördinator (its intake must never show the other
  // service's notes); "other org": a school only the second service works with.
  ["read intake",                  "own",            [403,    403,     403,   403,    403,   OK,    403]],
  ["read intake",                  "other org",      [403,    403,     403,   403,    403,   DENY,  403]],
  ["save intake",                  "other org",      [403,    403,     403,   403,    403,   DENY,  403]],
  // The school's own directie may (organisation:edit-details); a service that works with the school may not.
  ["change school master data",    "own",            [OK,     403,     403,   403,    403,   DENY,  403]],
  // A partner's default person for a school on its list (issue 13: the CLB's ankerfiguur), one of its own members, on
  // its own link only. "own": a school the demo CLB linked (the service has no link to it); "other org": a school only
  // the second service linked (before "link school" below).
  ["set school contact",           "own",            [403,    403,     OK,    OK,     403,   404,   403]],
  ["set school contact",           "other org",      [403,    403,     404,   404,    403,   404,   403]],
  // Removing a link: a partner removes only its own; "other org": a school only the second service linked
  // (before "link school" below, which links it for the roles that may).
  ["unlink school",                "other org",      [403,    403,     404,   404,    403,   404,   403]],
  // Linking a school another service knows gives the partner (service or CLB, issue 13) its own link, never the other's notes.
  ["link school",                  "other org",      [403,    403,     OK,    OK,     403,   OK,    403]],
  ["read mail outbox",             "own",            [403,    403,     403,   403,    403,   403,   OK ]],
  // Days off: any member, for the own organisation only (issue 14); never for another party's.
  ["add day off",                  "own",            [OK,     OK,      OK,    OK,     OK,    OK,    OK ]],
  ["add day off",                  "other party",    [DENY,   DENY,    DENY,  DENY,   DENY,  DENY,  DENY]],
  // Signing in the app: only the signatory themselves; none of these users signs this agreement (issue 17).
  ["sign in app",                  "own",            [403,    403,     403,   403,    403,   403,   403]],
];

/**
 * app/domain/access/policy.ts as it should read, copied by hand (role columns
 * as above). The rows of POLICY follow from it plus the party rules; the first
 * policy test holds policy.ts to this copy, so a role quietly given more fails.
 */
// prettier-ignore
const PERMISSIONS: Record<string, readonly (0 | 1)[]> = {
  //                               directie zorgcoör clb_mw clb_dir brugf coörd beheerder
  "agreement:read":              [1,       1,       1,     1,      1,    1,    1],
  "agreement:create":            [1,       1,       1,     1,      0,    1,    0],
  "agreement:edit":              [1,       1,       1,     1,      0,    1,    0],
  "agreement:delete":            [1,       0,       1,     1,      0,    1,    0],
  "agreement:send":              [1,       0,       1,     1,      0,    1,    0],
  "agreement:evaluate":          [1,       1,       1,     1,      1,    1,    0],
  "organisation:manage-members": [1,       0,       0,     1,      0,    1,    1],
  "organisation:onboard-schools":[0,       0,       0,     0,      0,    1,    0],
  // A partner's own list of schools: the service's or city's coordinator, the CLB's staff (issue 13).
  "organisation:partner-schools":[0,       0,       1,     1,      0,    1,    0],
  // A school's name and address: the school itself (or a beheerder), never a service (issue 12 point 2).
  "organisation:edit-details":   [1,       0,       0,     0,      0,    0,    1],
  // The logo on the cover of the sealed PDF: the organisation's beheerder only (issue 17).
  "organisation:logo":           [0,       0,       0,     0,      0,    0,    1],
  // The board behind a school or CLB: that organisation's beheerder only (issue 13); tests/integration/boards.test.ts.
  "organisation:board":          [0,       0,       0,     0,      0,    0,    1],
  // The organisation's own days off: any member of that organisation (issue 14).
  "organisation:days-off":       [1,       1,       1,     1,      1,    1,    1],
  "admin:outbox":                [0,       0,       0,     0,      0,    0,    1],
};

/** Routes whose action the policy exercises (every route with an action must be here or in NO_POLICY). */
const POLICY_ROUTES: Record<Action, string> = {
  "create agreement": "routes/overeenkomsten.nieuw",
  "read agreement": "routes/overeenkomsten.$agreementId._index",
  "fill in values": "routes/overeenkomsten.$agreementId.invullen",
  "edit clause": "routes/overeenkomsten.$agreementId.clausules.$clauseId",
  freeze: "routes/overeenkomsten.$agreementId._index",
  send: "routes/overeenkomsten.$agreementId._index",
  "send with a proposed signatory": "routes/overeenkomsten.$agreementId._index",
  archive: "routes/overeenkomsten.$agreementId._index",
  amend: "routes/overeenkomsten.$agreementId._index",
  renew: "routes/overeenkomsten.$agreementId._index",
  "add signatory": "routes/overeenkomsten.$agreementId._index",
  "remove signatory": "routes/overeenkomsten.$agreementId._index",
  "confirm proposed signatory": "routes/overeenkomsten.$agreementId._index",
  "set signing order": "routes/overeenkomsten.$agreementId._index",
  "add party": "routes/overeenkomsten.$agreementId.partijen",
  "remove party": "routes/overeenkomsten.$agreementId.partijen",
  "add commitment": "routes/overeenkomsten.$agreementId.afspraken",
  "update commitment": "routes/overeenkomsten.$agreementId.afspraken",
  "name commitment person": "routes/overeenkomsten.$agreementId.afspraken",
  "name contact": "routes/overeenkomsten.$agreementId.contactpersonen",
  "remove contact": "routes/overeenkomsten.$agreementId.contactpersonen",
  "record evaluation": "routes/overeenkomsten.$agreementId.evaluaties.$momentId",
  "invite person": "routes/mensen._index",
  "change member role": "routes/mensen._index",
  "read intake": "routes/scholen.$schoolId.intake",
  "save intake": "routes/scholen.$schoolId.intake",
  "change school master data": "routes/scholen.$schoolId._index",
  "link school": "routes/scholen.nieuw",
  "unlink school": "routes/scholen._index",
  "set school contact": "routes/scholen._index",
  "read mail outbox": "routes/beheer.berichten",
  "add day off": "routes/kalender",
  "sign in app": "routes/overeenkomsten.$agreementId.ondertekenen",
};
/** Actions with no party or organisation in them, or covered elsewhere. */
const NO_POLICY: Record<string, string> = {
  "routes/$": "no action: a 404 for every POST",
  "routes/inloggen": "signing in: tests/reliability/fuzz-actions.test.ts and the integration tests",
  "routes/instellingen": "the user's own settings; the organisation logo (organisation:logo) is covered by tests/integration/organisation-logo.test.ts, the board (organisation:board) by tests/integration/boards.test.ts",
  "routes/onderteken.$token": "a signing link, not a session: fuzz-actions and the integration tests",
  "routes/uitloggen": "signs out the caller",
  "routes/uitnodiging.$token": "an invitation link, not a session",
  "routes/verifieer": "public: anyone may verify a PDF",
  "routes/overeenkomsten.$agreementId.bewerken": "agreement settings: same permission as fill in values (agreement:edit)",
  "routes/overeenkomsten.$agreementId.bibliotheek": "adding clauses: same permission as edit clause (agreement:edit)",
  "routes/overeenkomsten.$agreementId.evaluaties._index": "moving moments: same permission as record evaluation (agreement:evaluate)",
  "routes/scholen.importeren": "the service's own import (coordinator only)",
  "routes/scholen.versturen._index": "bulk send to the service's own schools (coordinator only)",
  "routes/overeenkomsten.$agreementId.vernieuwen": "the same use case and permission as renew (agreement:edit): tests/integration/initiative-reminder.test.ts",
  "routes/volgend-schooljaar._index": "bulk renewal of the organisation's own schools (agreement:edit in it): tests/integration/next-school-year.test.ts",
};

// ─────────────────────────── the requests ───────────────────────────

type Req = { method: "GET" | "POST"; path: string; form?: Record<string, string | string[]>; mustNotContain?: string; then?: Req };

let server: AppServer;
let world: PolicyWorld;
let db: ReturnType<typeof openDatabase>;
let bouwsteen: string;
const textVariables = new Map<string, string>();

const BRUG: readonly DemoRole[] = ["brugfiguur", "coordinator", "beheerder"];
const pairOf = (role: DemoRole): Pair => (BRUG.includes(role) ? "brug-school" : "school-clb");
/** A drafter of the role's own party, and of the other party (who confirms proposals for it). */
const ownDrafter = (role: DemoRole) => (BRUG.includes(role) ? demoEmail("coordinator") : ["directie", "zorgcoordinator"].includes(role) ? demoEmail("directie") : demoEmail("clb_medewerker"));
const otherDrafter = (role: DemoRole) => (BRUG.includes(role) ? WAASRAND_DIRECTIE : ["directie", "zorgcoordinator"].includes(role) ? demoEmail("clb_medewerker") : demoEmail("directie"));
const revisionOf = async (agreementId: string) => String((await prisma.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision);
let unique = 0;
const nextEmail = (what: string) => `${what}-${++unique}@policy.reliability.example`;
/** A different school day for each day off the table adds: from tomorrow on (the server's clock), in this school year or the next. */
let lastDayOff = brusselsDate(new Date());
const nextDayOff = () => {
  do lastDayOff = addDays(lastDayOff, 1);
  while (!isSchoolDay(lastDayOff));
  return lastDayOff;
};

/** The party of the fixture the role belongs to, and the other one. */
function partiesFor(role: DemoRole, fixture: AgreementFixture): { own: PartyFixture; other: PartyFixture } {
  const ownOrg = world.organisations[role];
  const own = fixture.parties.find((p) => p.organisationId === ownOrg) ?? fixture.parties[0]!;
  const other = fixture.parties.find((p) => p !== own)!;
  return { own, other };
}

/** A text variable of the agreement's template (for a valid fill-in). */
async function textVariable(agreementId: string): Promise<string> {
  if (!textVariables.has(agreementId)) {
    const agreement = await prisma.agreement.findUniqueOrThrow({ where: { id: agreementId }, include: { parties: true } });
    const member = await prisma.membership.findFirstOrThrow({ where: { organisationId: agreement.parties[0]!.organisationId, role: { in: ["directie", "clb_medewerker", "coordinator"] } } });
    const draft = await loadDraft({ user: await sessionUserFor(member.userId), agreementId });
    textVariables.set(agreementId, draft.variables.find((v) => v.type === "text")!.name);
  }
  return textVariables.get(agreementId)!;
}

/** The user id of the demo role (someone of the role's own organisation). */
const userIdOf = async (role: DemoRole) => (await prisma.user.findUniqueOrThrow({ where: { email: demoEmail(role) } })).id;

/** Stateful actions that are allowed get an agreement of their own, at the stage they need. */
const FRESH: Partial<Record<Action, "draft" | "frozen" | "signed">> = { send: "frozen", archive: "draft", amend: "signed", renew: "signed", "add party": "draft", "remove party": "draft" };

/** An organisation that fits an optional role of the pair's agreement: the brugfiguren service of an afsprakennota, the CLB of an engagementsverklaring. */
const thirdParty = (pair: Pair) => (pair === "school-clb" ? world.second.serviceId : world.second.clbId);

/** Makes the role's own party of a fresh agreement "uitgenodigd" again, as if it never accepted. */
async function onlyInvited(partyId: string) {
  await prisma.agreementParty.update({ where: { id: partyId }, data: { status: "uitgenodigd", acceptedAt: null, acceptedById: null } });
}

async function requestFor(action: Action, scope: PolicyScope, role: DemoRole): Promise<Req> {
  const pair = pairOf(role);
  const stage = FRESH[action];
  const own = scope === "other org" ? world.foreign[pair] : stage ? await freshAgreement(pair, stage, { schoolYear: world.schoolYear }) : world.shared[pair];
  const foreign = world.foreign[pair];
  const parties = partiesFor(role, own);
  const base = `/overeenkomsten/${own.id}`;
  const agreementPost = async (form: Record<string, string>): Promise<Req> => ({ method: "POST", path: base, form: { revision: await revisionOf(own.id), ...form } });
  const party = scope === "other party" ? parties.other : scope === "nested foreign" ? foreign.parties[0]! : parties.own;
  switch (action) {
    case "create agreement": {
      const kind = world.organisationKinds[role];
      const ownOrganisationId = scope === "own" ? world.organisations[role] : { school: world.second.schoolId, clb: world.second.clbId }[kind] ?? world.second.serviceId;
      const documentType = kind === "school" ? "engagementsverklaring-ouders" : kind === "clb" ? "afsprakennota" : "engagementsverklaring-brugfiguren";
      return { method: "POST", path: "/overeenkomsten/nieuw", form: { documentType, schoolYear: world.schoolYear, ownOrganisationId, ...(kind === "school" ? {} : { counterpartOrganisationId: world.serviceSchool }) } };
    }
    case "read agreement":
      return { method: "GET", path: base };
    case "fill in values":
      return { method: "POST", path: `${base}/invullen`, form: { revision: await revisionOf(own.id), [`v:${await textVariable(own.id)}`]: `Beleid ${role}` } };
    case "edit clause": {
      const clauseId = scope === "nested foreign" ? foreign.clauseId : own.clauseId;
      return { method: "POST", path: `${base}/clausules/${clauseId}`, form: { intent: "save", revision: await revisionOf(own.id), title: `Titel door ${role}`, body: `Een tekst die ${role} schreef voor deze clausule.` } };
    }
    case "freeze":
      return agreementPost({ intent: "freeze" });
    case "send":
      return agreementPost({ intent: "send", versionId: own.versionId ?? "geen-versie" });
    case "send with a proposed signatory": {
      // On a fresh draft: the role's party proposes one for the other party, then version 1 is frozen with it in.
      const fresh = await freshAgreement(pair, "draft", { schoolYear: world.schoolYear });
      const { other } = partiesFor(role, fresh);
      await addSignatoryAs(ownDrafter(role), fresh.id, other.partyId, nextEmail("proposed"));
      let versionId = "niet-bevroren";
      try {
        const drafter = await prisma.user.findUniqueOrThrow({ where: { email: ownDrafter(role) } });
        versionId = (await freezeDraft({ user: await sessionUserFor(drafter.id), agreementId: fresh.id, revision: Number(await revisionOf(fresh.id)), audit })).id;
      } catch (error) {
        // Refusing to freeze an unconfirmed proposal also keeps it from being sent.
        if (!(error instanceof AppError)) throw error;
      }
      return { method: "POST", path: `/overeenkomsten/${fresh.id}`, form: { intent: "send", versionId } };
    }
    case "archive":
      return agreementPost({ intent: "archive" });
    case "amend":
      return agreementPost({ intent: "amend" });
    case "renew":
      return agreementPost({ intent: "renew" });
    case "add signatory":
      return agreementPost({ intent: "add-signatory", partyId: party.partyId, name: "Nieuwe Ondertekenaar", functionTitle: "directeur", email: nextEmail("signer"), kind: "signer" });
    case "set signing order":
      return agreementPost({ intent: "signing-order", signingOrder: "sequentieel" });
    case "remove signatory": {
      // A signatory of its own for each row, named by a member of its party.
      const signatoryId =
        scope === "nested foreign" ? foreign.parties[0]!.signatoryId
        : scope === "other org" ? own.parties[0]!.signatoryId
        : await addSignatoryAs(scope === "own" ? ownDrafter(role) : otherDrafter(role), own.id, party.partyId, nextEmail("to-remove"));
      return agreementPost({ intent: "remove-signatory", signatoryId });
    }
    case "confirm proposed signatory": {
      // "own": the other party proposes a signatory for the role's party; "other party": the role's party proposes one for the other.
      const signatoryId =
        scope === "other org" ? own.parties[0]!.signatoryId
        : scope === "own" ? await addSignatoryAs(otherDrafter(role), own.id, parties.own.partyId, nextEmail("proposed"))
        : await addSignatoryAs(ownDrafter(role), own.id, parties.other.partyId, nextEmail("proposed"));
      return agreementPost({ intent: "confirm-signatory", signatoryId });
    }
    case "add party": {
      if (scope === "invited party") await onlyInvited(parties.own.partyId);
      return { method: "POST", path: `${base}/partijen`, form: { intent: "add", revision: await revisionOf(own.id), organisationId: thirdParty(pair) } };
    }
    case "remove party": {
      // "own": a third party a drafter of the role's organisation added; "nested foreign": a party of someone else's agreement.
      let partyId = scope === "nested foreign" ? foreign.parties[0]!.partyId : parties.other.partyId;
      if (scope === "own") {
        const drafter = await prisma.user.findUniqueOrThrow({ where: { email: ownDrafter(role) } });
        partyId = (await addParty({ user: await sessionUserFor(drafter.id), agreementId: own.id, revision: Number(await revisionOf(own.id)), organisationId: thirdParty(pair), audit })).partyId;
      }
      if (scope === "invited party") await onlyInvited(parties.own.partyId);
      return { method: "POST", path: `${base}/partijen`, form: { intent: "remove", revision: await revisionOf(own.id), partyId } };
    }
    case "add commitment":
      return { method: "POST", path: `${base}/afspraken`, form: { intent: "add", what: `Een afspraak van ${role} voor de eigen partij.`, cadence: "eenmalig", bearerPartyId: party.partyId } };
    case "update commitment":
      return { method: "POST", path: `${base}/afspraken`, form: { commitmentId: party.commitmentId, status: "lopend", note: `Bijgewerkt door ${role}` } };
    case "name commitment person": {
      const fixture = scope === "nested foreign" ? foreign.parties[0]! : party;
      const role_ = await prisma.commitmentRole.findFirstOrThrow({ where: { commitmentId: fixture.commitmentId, partyId: fixture.partyId } });
      return { method: "POST", path: `${base}/afspraken`, form: { intent: "person", roleId: role_.id, userId: await userIdOf(role) } };
    }
    case "name contact":
      return { method: "POST", path: `${base}/contactpersonen`, form: { intent: "name", partyId: party.partyId, contactRole: "contactpersoon", userId: await userIdOf(role) } };
    case "remove contact": {
      // A contact of that party, named by one of its own members.
      const member = await prisma.membership.findFirstOrThrow({ where: { organisationId: party.organisationId, active: true }, orderBy: { createdAt: "asc" } });
      const contact = await prisma.agreementContact.create({
        data: { agreementId: scope === "nested foreign" ? foreign.id : own.id, partyId: party.partyId, contactRole: "contactpersoon", userId: member.userId },
      }).catch(() => prisma.agreementContact.findFirstOrThrow({ where: { partyId: party.partyId, contactRole: "contactpersoon", userId: member.userId } }));
      return { method: "POST", path: `${base}/contactpersonen`, form: { intent: "remove", contactId: contact.id } };
    }
    case "record evaluation": {
      const momentId = scope === "nested foreign" ? foreign.momentId : own.momentId;
      return { method: "POST", path: `${base}/evaluaties/${momentId}`, form: { [`score:${bouwsteen}`]: "4", [`text:${bouwsteen}`]: `Evaluatie door ${role}.` } };
    }
    case "invite person": {
      const organisationId = scope === "own" ? world.organisations[role] : partiesFor(role, world.shared[pair]).other.organisationId;
      const kind = scope === "own" ? world.organisationKinds[role] : (await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId } })).kind;
      const invitedRole = { school: "zorgcoordinator", clb: "clb_medewerker", brugfiguren: "brugfiguur" }[kind] ?? "beheerder";
      return { method: "POST", path: "/mensen", form: { intent: "invite", organisationId, email: nextEmail("invitee"), role: invitedRole } };
    }
    case "change member role": {
      const otherOrg = partiesFor(role, world.shared[pair]).other.organisationId;
      const membership = await prisma.membership.findFirstOrThrow({ where: { organisationId: otherOrg }, orderBy: { createdAt: "asc" } });
      return { method: "POST", path: "/mensen", form: { intent: "role", membershipId: membership.id, role: membership.role === "directie" ? "zorgcoordinator" : "clb_directeur" } };
    }
    case "read intake": {
      const schoolId = scope === "own" ? world.serviceSchool : world.secondServiceSchool;
      return { method: "GET", path: `/scholen/${schoolId}/intake`, mustNotContain: SECOND_SERVICE_NOTE };
    }
    case "save intake":
      return { method: "POST", path: `/scholen/${world.secondServiceSchool}/intake`, form: { waarom: `Overschreven door ${role} van een andere dienst.`, directieAkkoord: "ja" } };
    case "change school master data": {
      const school = await prisma.organisation.findUniqueOrThrow({ where: { id: world.serviceSchool } });
      return { method: "POST", path: `/scholen/${school.id}`, form: { name: `${school.name} (hernoemd door ${role})`, street: school.street ?? "Straat 1", postalCode: school.postalCode ?? "9100", municipality: school.municipality ?? "Sint-Niklaas" } };
    }
    case "link school":
      return {
        method: "POST",
        path: "/scholen/nieuw",
        form: { intent: "link", schoolId: world.secondServiceSchool },
        // Linked, the service sees its own (empty) intake, not the other service's; a CLB (no intake) its list.
        then:
          role === "coordinator"
            ? { method: "GET", path: `/scholen/${world.secondServiceSchool}/intake`, mustNotContain: SECOND_SERVICE_NOTE }
            : { method: "GET", path: "/scholen", mustNotContain: SECOND_SERVICE_NOTE },
      };
    case "set school contact": {
      const schoolId = scope === "own" ? world.serviceSchool : world.secondServiceSchool;
      return { method: "POST", path: "/scholen", form: { intent: "set-contact", schoolId, contactUserId: await userIdOf(role) } };
    }
    case "unlink school":
      return { method: "POST", path: "/scholen", form: { intent: "unlink", schoolId: world.secondServiceSchool } };
    case "read mail outbox":
      return { method: "GET", path: "/beheer/berichten", mustNotContain: FOREIGN_MAIL_SUBJECT };
    case "add day off": {
      const organisationId = scope === "own" ? world.organisations[role] : parties.other.organisationId;
      return { method: "POST", path: "/kalender", form: { intent: "add", organisationId, kind: "studiedag", startDate: nextDayOff(), label: `Studiedag van ${role}` } };
    }
    case "sign in app":
      return { method: "POST", path: `${base}/ondertekenen`, form: { intent: "sign", password: DEMO_PASSWORD, consent: "ja", fullName: `Naam van ${role}` } };
  }
}

type Answer = { status: number; location: string | null; body: string };

async function send(req: Req, cookie: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  let body: string | undefined;
  if (req.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    body = params.toString();
  }
  const response = await fetch(server.base + req.path, { method: req.method, headers: { ...headers, origin: server.base }, body, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), body: await response.text() };
}

const isLogin = (a: Answer) => a.status >= 300 && a.status < 400 && a.location !== null && new URL(a.location, server.base).pathname === "/inloggen";
function meets(expect: Expect, a: Answer): boolean {
  switch (expect) {
    case "ok":
      return (a.status >= 200 && a.status < 300) || (a.status >= 300 && a.status < 400 && !isLogin(a));
    case "deny":
      return a.status === 403 || a.status === 404;
    case "refused":
      return a.status >= 400 && a.status < 500;
    default:
      return a.status === expect;
  }
}

/** Runs one row; the problem in words, or null. */
async function runRow(action: Action, scope: PolicyScope, role: DemoRole, expect: Expect): Promise<string | null> {
  const req = await requestFor(action, scope, role);
  const cookie = sessionCookieFor(demoEmail(role), db);
  const answer = await send(req, cookie);
  const what = `${role} · ${action} · ${scope}: ${req.method} ${req.path}`;
  if (!meets(expect, answer)) {
    const message = /<p[^>]*>([^<]{3,200})<\/p>/.exec(answer.body)?.[1] ?? answer.body.slice(0, 160).replace(/\s+/g, " ");
    return `${what} → expected ${expect}, got ${answer.status}${answer.location ? ` → ${answer.location}` : ""} (${message})`;
  }
  if (req.mustNotContain && answer.body.includes(req.mustNotContain)) return `${what} → the answer shows "${req.mustNotContain}"`;
  if (expect === "ok" && req.then) {
    const followUp = await send(req.then, cookie);
    if (followUp.status >= 400) return `${what}, then ${req.then.method} ${req.then.path} → ${followUp.status}`;
    if (req.then.mustNotContain && followUp.body.includes(req.then.mustNotContain)) return `${what}, then ${req.then.path} → the answer shows "${req.then.mustNotContain}"`;
  }
  return null;
}

// ─────────────────────────── the route sweep ───────────────────────────

type Observation = { route: Route; method: "GET" | "POST"; identity: Identity; scope: Scope; url: string; status: number; outcome: Outcome; location: string | null };
const routes = buildRoutes();
const observations: Observation[] = [];

async function observe(route: Route, method: "GET" | "POST", identity: Identity, scope: Scope): Promise<Observation> {
  const url = urlFor(route, identity, scope, world);
  const headers: Record<string, string> = { origin: server.base };
  if (identity !== "anonymous") headers.cookie = sessionCookieFor(demoEmail(identity), db);
  let body: string | undefined;
  if (method === "POST") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams({ intent: "__anonymous__" }).toString();
  }
  const response = await fetch(server.base + url, { method, headers, body, redirect: "manual" });
  await response.arrayBuffer();
  const location = response.headers.get("location");
  const login = response.status >= 300 && response.status < 400 && location !== null && new URL(location, server.base).pathname === "/inloggen";
  return { route, method, identity, scope, url, status: response.status, outcome: login ? "login" : response.status, location };
}

beforeAll(async () => {
  db = openDatabase();
  server = await startAppServer();
  // A counterparty accepts through the app (intent accept-party where the app
  // asks for it; where it does not, the unknown intent changes nothing).
  setCounterpartyAcceptance(async (agreementId, partyId, memberEmail) => {
    await send({ method: "POST", path: `/overeenkomsten/${agreementId}`, form: { intent: "accept-party", partyId } }, sessionCookieFor(memberEmail, db));
  });
  world = await preparePolicyWorld(await prepareWorld());
  bouwsteen = loadBouwstenen()[0]!.id;

  // The second service links the shared school and writes intakes, through the app (whatever stores intake data).
  const second = sessionCookieFor(SECOND.service.member, db);
  const setup = async (req: Req) => {
    const answer = await send(req, second);
    if (answer.status >= 400) throw new Error(`policy world: ${req.method} ${req.path} as the second service → ${answer.status}: ${answer.body.slice(0, 300)}`);
  };
  await setup({ method: "POST", path: "/scholen/nieuw", form: { intent: "link", schoolId: world.serviceSchool } });
  for (const schoolId of [world.serviceSchool, world.secondServiceSchool]) {
    await setup({ method: "POST", path: `/scholen/${schoolId}/intake`, form: { waarom: SECOND_SERVICE_NOTE, directieAkkoord: "ja", opmerkingen: SECOND_SERVICE_NOTE } });
  }

  // The route sweep: GET for everyone (own and foreign ids), POST for an anonymous visitor.
  const jobs: Array<() => Promise<Observation>> = [];
  for (const route of routes) {
    if (route.hasLoader || route.id === "routes/$") {
      for (const identity of ["anonymous", ...DEMO_ROLES] as const) {
        jobs.push(() => observe(route, "GET", identity, "own"));
        if (identity !== "anonymous" && isScoped(route)) jobs.push(() => observe(route, "GET", identity, "foreign"));
      }
    }
    jobs.push(() => observe(route, "POST", "anonymous", "own"));
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < jobs.length) observations.push(await jobs[next++]!());
    }),
  );
}, 300_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe("routes", () => {
  it("the table names every route of the build, and no route that is gone", () => {
    const ids = routes.map((r) => r.id);
    expect(ids.filter((id) => !(id in ROUTES)), "routes without an entry in ROUTES").toEqual([]);
    expect(Object.keys(ROUTES).filter((id) => !ids.includes(id)), "entries for routes that no longer exist").toEqual([]);
  });

  it("every route with an action is exercised by the policy table, or says why not", () => {
    const covered = new Set(Object.values(POLICY_ROUTES));
    const missing = routes.filter((r) => r.hasAction && !covered.has(r.id) && !(r.id in NO_POLICY)).map((r) => r.id);
    expect(missing).toEqual([]);
    expect(Object.keys(NO_POLICY).filter((id) => !routes.some((r) => r.id === id))).toEqual([]);
  });

  it("no request answers with a server error", () => {
    expect(observations.filter((o) => o.status >= 500).map((o) => `${o.method} ${o.url} as ${o.identity}: ${o.status}`)).toEqual([]);
  });

  it("on an agreement or school the role's organisation is not party to, every role gets a 404 (or the same refusal as on its own)", () => {
    const own = (o: Observation) => observations.find((x) => x.scope === "own" && x.route.id === o.route.id && x.method === o.method && x.identity === o.identity)!;
    const leaks = observations
      .filter((o) => o.scope === "foreign" && o.status !== 404)
      .filter((o) => !(o.status === 403 && own(o).status === 403))
      .map((o) => `${o.method} ${o.url} as ${o.identity}: ${o.status}`);
    expect(leaks).toEqual([]);
  });

  for (const route of routes) {
    it(`${route.id} (${route.pattern})`, () => {
      const expectation = ROUTES[route.id];
      if (!expectation) return; // reported by the first test
      const want = (o: Observation): Outcome | "none" => {
        if (o.method === "POST") return expectation.POST === "none" ? 405 : expectation.POST;
        if (o.identity === "anonymous") return expectation.GET.anonymous;
        const roles = expectation.GET.roles;
        return typeof roles === "object" ? (roles[o.identity] ?? roles.other ?? -1) : roles;
      };
      const wrong = observations
        .filter((o) => o.route.id === route.id && o.scope === "own")
        .filter((o) => o.outcome !== want(o))
        .map((o) => `${o.method} as ${o.identity}: expected ${want(o)}, got ${o.status}${o.location ? ` → ${o.location}` : ""}`);
      expect(wrong).toEqual([]);
    });
  }
});

describe("policy: each party acts only for itself", () => {
  it("policy.ts grants each role exactly the permissions of the hand-written copy", () => {
    const differences = Object.entries(PERMISSIONS).flatMap(([permission, row]) =>
      ROLES.filter((role, i) => roleAllows(role, permission as Permission) !== (row[i] === 1)).map((role) => `${role} ${permission}: policy.ts says ${roleAllows(role, permission as Permission)}`),
    );
    expect(differences).toEqual([]);
  });

  it("the table has one expectation per role in every row", () => {
    expect(POLICY.filter(([, , expects]) => expects.length !== ROLES.length).map(([a, s]) => `${a} · ${s}`)).toEqual([]);
  });

  for (const [action, scope, expects] of POLICY) {
    it(`${action} · ${scope}`, async () => {
      const problems: string[] = [];
      for (const [i, role] of ROLES.entries()) {
        const problem = await runRow(action, scope, role, expects[i]!);
        if (problem) problems.push(problem);
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
