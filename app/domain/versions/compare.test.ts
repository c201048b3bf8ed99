import { describe, expect, it } from "vitest";
import { compareSnapshots, describeVariableChanges, type ClauseComparison } from "./compare";
import type { SnapshotClause, SnapshotSignatory, VersionSnapshot } from "./snapshot";

function clause(key: string, renderedText = `Tekst van ${key}.`, extra: Partial<SnapshotClause> = {}): SnapshotClause {
  return {
    key,
    section: "afspraken",
    sectionTitle: "Afspraken",
    templateId: `tpl-${key}`,
    templateVersion: 1,
    modified: false,
    title: `Titel ${key}`,
    text: renderedText,
    renderedText,
    ...extra,
  };
}

function signatory(email: string, extra: Partial<SnapshotSignatory> = {}): SnapshotSignatory {
  return { partyRole: "school", organisationId: "org-s", name: "An Peeters", functionTitle: "directeur", email, kind: "signer", position: 1, ...extra };
}

function snapshot(clauses: SnapshotClause[], extra: Partial<VersionSnapshot> = {}): VersionSnapshot {
  return {
    format: 1,
    agreement: { id: "agr1", documentType: "afsprakennota", title: "Afsprakennota", schoolYear: "2026-2027", yearCount: 1 },
    parties: [
      { partyRole: "school", partyRoleLabel: "School", organisationId: "org-s", name: "VBS De Wereldreiziger", kind: "school", instellingsnummer: null, address: null },
      { partyRole: "clb", partyRoleLabel: "CLB", organisationId: "org-c", name: "CLB Waasland", kind: "clb", instellingsnummer: null, address: null },
    ],
    clauses,
    values: { weken: 6, clb: "CLB Waasland" },
    commitments: [],
    signatories: [signatory("an@school.test")],
    ...extra,
  };
}

const keysAndStatus = (clauses: ClauseComparison[]) => clauses.map((c) => `${c.key}:${c.status}`);
const base = () => ["a", "b", "c", "d", "e"].map((k) => clause(k));

describe("compareSnapshots", () => {
  it("identical snapshots: everything unchanged", () => {
    const result = compareSnapshots(snapshot(base()), snapshot(base()));
    expect(keysAndStatus(result.clauses)).toEqual(["a:unchanged", "b:unchanged", "c:unchanged", "d:unchanged", "e:unchanged"]);
    expect(result.clauses.every((c) => c.words === null && !c.titleChanged && c.oldPosition === c.newPosition)).toBe(true);
    expect(result.variables).toEqual([]);
    expect(result.parties).toEqual({ added: [], removed: [], renamed: [] });
    expect(result.signatories).toEqual({ added: [], removed: [], changed: [] });
    expect(result.summary).toEqual({ added: 0, removed: 0, moved: 0, changed: 0, unchanged: 5, variablesChanged: 0 });
  });

  it("a clause moved to the front: only that clause is moved", () => {
    const [a, b, c, d, e] = base();
    const result = compareSnapshots(snapshot([a!, b!, c!, d!, e!]), snapshot([d!, a!, b!, c!, e!]));
    expect(keysAndStatus(result.clauses)).toEqual(["d:moved", "a:unchanged", "b:unchanged", "c:unchanged", "e:unchanged"]);
    expect(result.clauses[0]).toMatchObject({ oldPosition: 3, newPosition: 0, words: null });
    expect(result.summary).toMatchObject({ moved: 1, unchanged: 4, changed: 0 });
  });

  it("inserting or removing a clause does not mark the ones after it as moved", () => {
    const [a, b, c, d, e] = base();
    const inserted = compareSnapshots(snapshot([a!, b!, c!, d!, e!]), snapshot([a!, clause("x"), b!, c!, d!, e!]));
    expect(keysAndStatus(inserted.clauses)).toEqual(["a:unchanged", "x:added", "b:unchanged", "c:unchanged", "d:unchanged", "e:unchanged"]);
    const removed = compareSnapshots(snapshot([a!, b!, c!, d!, e!]), snapshot([a!, c!, d!, e!]));
    expect(keysAndStatus(removed.clauses)).toEqual(["a:unchanged", "b:removed", "c:unchanged", "d:unchanged", "e:unchanged"]);
  });

  it("a clause moved to another section counts as moved even in the same place", () => {
    const [a, b, c] = base();
    const result = compareSnapshots(snapshot([a!, b!, c!]), snapshot([a!, { ...b!, section: "evaluatie", sectionTitle: "Evaluatie" }, c!]));
    expect(keysAndStatus(result.clauses)).toEqual(["a:unchanged", "b:moved", "c:unchanged"]);
    expect(result.clauses[1]).toMatchObject({ section: "evaluatie", sectionTitle: "Evaluatie", oldSection: "afspraken" });
  });

  it("one changed word: the word diff shows exactly that word removed and added", () => {
    const older = snapshot([clause("a"), clause("b", "Het CLB komt om de zes weken langs op school."), clause("c")]);
    const newer = snapshot([clause("a"), clause("b", "Het CLB komt om de vier weken langs op school."), clause("c")]);
    const result = compareSnapshots(older, newer);
    expect(keysAndStatus(result.clauses)).toEqual(["a:unchanged", "b:changed", "c:unchanged"]);
    const words = result.clauses[1]!.words!;
    expect(words.filter((w) => w.type === "removed")).toEqual([{ type: "removed", text: "zes" }]);
    expect(words.filter((w) => w.type === "added")).toEqual([{ type: "added", text: "vier" }]);
    expect(words.filter((w) => w.type !== "added").map((w) => w.text).join("")).toBe("Het CLB komt om de zes weken langs op school.");
    expect(words.filter((w) => w.type !== "removed").map((w) => w.text).join("")).toBe("Het CLB komt om de vier weken langs op school.");
    expect(words).toEqual([
      { type: "same", text: "Het CLB komt om de " },
      { type: "removed", text: "zes" },
      { type: "added", text: "vier" },
      { type: "same", text: " weken langs op school." },
    ]);
    expect(result.summary).toMatchObject({ changed: 1, unchanged: 2 });
  });

  it("accented words are diffed as whole words", () => {
    const result = compareSnapshots(
      snapshot([clause("a", "De coördinator bezorgt het “verslag” aan de leerkracht.")]),
      snapshot([clause("a", "De coördinator bezorgt het “overzicht” aan de leerkracht.")]),
    );
    expect(result.clauses[0]!.words!.filter((w) => w.type !== "same")).toEqual([
      { type: "removed", text: "verslag" },
      { type: "added", text: "overzicht" },
    ]);
  });

  it("a changed title is a change; moved and changed together is moved-and-changed", () => {
    const [a, b, c] = base();
    const result = compareSnapshots(
      snapshot([a!, b!, c!]),
      snapshot([{ ...c!, renderedText: "Nieuwe tekst van c." }, a!, { ...b!, title: "Andere titel" }]),
    );
    expect(keysAndStatus(result.clauses)).toEqual(["c:moved-and-changed", "a:unchanged", "b:changed"]);
    expect(result.clauses[2]).toMatchObject({ title: "Andere titel", oldTitle: "Titel b", titleChanged: true });
    expect(result.summary).toMatchObject({ moved: 1, changed: 2, unchanged: 1 });
  });

  it("a removed clause stands where it was in the older version, with the older data", () => {
    const [a, b, c, d] = base();
    const result = compareSnapshots(snapshot([a!, b!, c!, d!]), snapshot([a!, c!, d!]));
    expect(result.clauses[1]).toMatchObject({ key: "b", status: "removed", title: "Titel b", oldPosition: 1, newPosition: null, renderedText: "Tekst van b.", words: null });
    expect(result.summary).toMatchObject({ removed: 1, unchanged: 3 });
    // Removed first clause: at the start; a removed clause next to a replacement comes before it.
    const first = compareSnapshots(snapshot([a!, b!]), snapshot([b!]));
    expect(keysAndStatus(first.clauses)).toEqual(["a:removed", "b:unchanged"]);
    const replaced = compareSnapshots(snapshot([a!, b!, c!]), snapshot([a!, clause("x"), c!]));
    expect(keysAndStatus(replaced.clauses)).toEqual(["a:unchanged", "b:removed", "x:added", "c:unchanged"]);
  });

  it("an added clause", () => {
    const [a, b] = base();
    const result = compareSnapshots(snapshot([a!, b!]), snapshot([a!, b!, clause("z", "Nieuw.", { templateVersion: 3 })]));
    expect(keysAndStatus(result.clauses)).toEqual(["a:unchanged", "b:unchanged", "z:added"]);
    expect(result.clauses[2]).toMatchObject({
      oldPosition: null,
      newPosition: 2,
      words: null,
      provenance: { oldTemplateVersion: null, newTemplateVersion: 3, modifiedChanged: false },
    });
    expect(result.summary).toMatchObject({ added: 1, unchanged: 2 });
  });

  it("reports template provenance and the modified flag without calling the text changed", () => {
    const [a] = base();
    const result = compareSnapshots(snapshot([a!]), snapshot([{ ...a!, templateVersion: 2, modified: true }]));
    expect(result.clauses[0]).toMatchObject({
      status: "unchanged",
      provenance: { oldTemplateVersion: 1, newTemplateVersion: 2, modifiedChanged: true },
    });
  });

  it("variables: changed, added and removed values; lists compared by content", () => {
    const result = compareSnapshots(
      snapshot(base(), { values: { weken: 6, clb: "CLB Waasland", dagen: ["ma", "do"], oud: "x" } }),
      snapshot(base(), { values: { weken: 4, clb: "CLB Waasland", dagen: ["ma", "do"], nieuw: "y" } }),
    );
    expect(result.variables).toEqual([
      { name: "nieuw", status: "added", oldValue: null, newValue: "y" },
      { name: "oud", status: "removed", oldValue: "x", newValue: null },
      { name: "weken", status: "changed", oldValue: 6, newValue: 4 },
    ]);
    expect(result.summary.variablesChanged).toBe(3);
    const typeOnly = compareSnapshots(snapshot(base(), { values: { weken: 6 } }), snapshot(base(), { values: { weken: "6" } }));
    expect(typeOnly.variables).toEqual([{ name: "weken", status: "changed", oldValue: 6, newValue: "6" }]);
  });

  it("parties and signatories that came or went", () => {
    const older = snapshot(base());
    const newer = snapshot(base(), {
      parties: [
        older.parties[0]!,
        { ...older.parties[1]!, name: "CLB Waasland vzw" },
        { partyRole: "brugfiguren", partyRoleLabel: "Brugfiguren", organisationId: "org-b", name: "Brugfiguren Sint-Niklaas", kind: "brugfiguren", instellingsnummer: null, address: null },
      ],
      signatories: [signatory("AN@school.test", { functionTitle: "directeur a.i." }), signatory("jan@clb.test", { partyRole: "clb", name: "Jan Claes" })],
    });
    older.signatories.push(signatory("piet@school.test", { name: "Piet" }));
    const result = compareSnapshots(older, newer);
    expect(result.parties).toEqual({
      added: ["Brugfiguren Sint-Niklaas"],
      removed: [],
      renamed: [{ partyRole: "clb", oldName: "CLB Waasland", newName: "CLB Waasland vzw" }],
    });
    expect(result.signatories.added.map((s) => s.email)).toEqual(["jan@clb.test"]);
    expect(result.signatories.removed.map((s) => s.email)).toEqual(["piet@school.test"]);
    expect(result.signatories.changed).toEqual([
      { old: expect.objectContaining({ functionTitle: "directeur" }), new: expect.objectContaining({ functionTitle: "directeur a.i." }) },
    ]);
  });

  it("a bigger reshuffle keeps the longest run in place", () => {
    const clauses = ["a", "b", "c", "d", "e", "f", "g"].map((k) => clause(k));
    const byKey = Object.fromEntries(clauses.map((c) => [c.key, c]));
    const newer = ["b", "c", "g", "d", "e", "a", "f"].map((k) => byKey[k]!);
    const result = compareSnapshots(snapshot(clauses), snapshot(newer));
    expect(result.clauses.filter((c) => c.status === "moved").map((c) => c.key).sort()).toEqual(["a", "g"]);
  });

  it("refuses duplicate clause keys", () => {
    expect(() => compareSnapshots(snapshot([clause("a"), clause("a")]), snapshot([clause("a")]))).toThrow(/duplicate clause key/);
  });
});

describe("describeVariableChanges: changed values as people read them", () => {
  it("uses labels and nl-BE dates, lists in words; a name without a definition is made readable", () => {
    const described = describeVariableChanges(
      [
        { name: "startDatum", status: "changed", oldValue: "2027-01-15", newValue: "2027-01-11" },
        { name: "overlegMomenten", status: "added", oldValue: null, newValue: ["september", "januari"] },
        { name: "aantalUren", status: "changed", oldValue: 2.5, newValue: 3 },
      ],
      { startDatum: { label: "Startdatum", type: "date" }, aantalUren: { label: "Aantal uren", type: "number" } },
    );
    expect(described).toEqual([
      { name: "aantalUren", label: "Aantal uren", oldValue: "2,5", newValue: "3" },
      { name: "overlegMomenten", label: "Overleg momenten", oldValue: "—", newValue: "september en januari" },
      { name: "startDatum", label: "Startdatum", oldValue: "15 januari 2027", newValue: "11 januari 2027" },
    ]);
  });
});
