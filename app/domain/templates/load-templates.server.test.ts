import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  checkTemplateLibrary,
  clearTemplateLibraryCache,
  loadTemplateLibrary,
  splitFrontMatter,
  TemplateLibraryError,
} from "./load-templates.server";
import { BOUWSTENEN, DOCUMENT_TYPE_IDS } from "./schema";

const REAL_DIR = path.resolve(process.cwd(), "templates");

describe("the real clause library", () => {
  it("loads without problems", () => {
    const result = checkTemplateLibrary();
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  const library = loadTemplateLibrary();

  it("has at least 60 clauses and the four document types", () => {
    expect(library.clauses.size).toBeGreaterThanOrEqual(60);
    expect([...library.documentTypes.keys()].sort()).toEqual([...DOCUMENT_TYPE_IDS].sort());
  });

  it("every default clause exists and belongs to its document type", () => {
    for (const dt of library.documentTypes.values()) {
      expect(dt.defaultClauses.length).toBeGreaterThan(0);
      for (const id of dt.defaultClauses) {
        const clause = library.clauses.get(id);
        expect(clause, `${dt.id}: ${id}`).toBeDefined();
        expect(clause?.documentTypes).toContain(dt.id);
      }
      expect(library.defaultClausesFor(dt.id).map((c) => c.id)).toEqual(dt.defaultClauses);
    }
  });

  it("lists the clauses of a type in section order", () => {
    for (const dt of library.documentTypes.values()) {
      const order = dt.sections.map((s) => s.id);
      const indices = library.clausesForDocumentType(dt.id).map((c) => order.indexOf(c.section));
      expect(indices.every((v, i) => v >= 0 && (i === 0 || v >= (indices[i - 1] ?? 0)))).toBe(true);
    }
    expect(library.clausesForDocumentType("bestaat-niet")).toEqual([]);
  });

  it("covers every bouwsteen and the parents' four themes", () => {
    const used = new Set([...library.clauses.values()].map((c) => c.bouwsteen));
    for (const b of BOUWSTENEN) expect(used).toContain(b);
    const ouders = library.documentTypes.get("engagementsverklaring-ouders");
    expect(ouders?.parties.map((p) => p.id)).toEqual(["school"]);
    const required = ouders?.sections.filter((s) => s.required).map((s) => s.id);
    expect(required).toEqual(
      expect.arrayContaining(["oudercontact", "aanwezigheid", "leerlingenbegeleiding", "nederlands"]),
    );
  });

  it("has a glossary of at least 20 terms, including the key jargon", () => {
    expect(library.glossary.length).toBeGreaterThanOrEqual(20);
    const terms = library.glossary.map((g) => g.term);
    for (const t of ["MDO", "brede basiszorg", "zorgcontinuüm", "RASCI", "stavaza", "maximumfactuur", "gedeeld beroepsgeheim"]) {
      expect(terms).toContain(t);
    }
  });

  it("exposes clause versions and content hashes", () => {
    expect(library.clauseVersion("looptijd-schooljaar")).toBe(1);
    expect(library.clauseVersion("bestaat-niet")).toBeUndefined();
    expect(library.clauses.get("clb-bereikbaarheid")?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(library.clauses.get("clb-bereikbaarheid")?.file).toBe("templates/clauses/clb-bereikbaarheid.md");
  });

  it("caches per directory", () => {
    expect(loadTemplateLibrary()).toBe(library);
    expect(loadTemplateLibrary(REAL_DIR)).toBe(library);
    expect(loadTemplateLibrary(REAL_DIR, { reload: true })).not.toBe(library);
  });
});

describe("splitFrontMatter", () => {
  it("splits the header from the body", () => {
    expect(splitFrontMatter("---\nid: x\n---\nTekst\n")).toEqual({ frontMatter: "id: x\n", body: "Tekst" });
    expect(splitFrontMatter("\uFEFF---\r\nid: x\r\n---\r\n\r\nTekst")).toEqual({ frontMatter: "id: x\n", body: "Tekst" });
  });
  it("returns null without a header", () => {
    expect(splitFrontMatter("Tekst")).toBeNull();
    expect(splitFrontMatter("---\nid: x\nTekst")).toBeNull();
  });
});

describe("a broken library", () => {
  let root: string;
  let dir: string;
  const clause = (name: string) => path.join(dir, "clauses", name);
  const edit = (name: string, from: string | RegExp, to: string) => {
    const file = clause(name);
    const before = readFileSync(file, "utf8");
    const after = before.replace(from, to);
    expect(after, `edit in ${name} did not apply`).not.toBe(before);
    writeFileSync(file, after);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "akkoord-templates-"));
    dir = path.join(root, "templates");
    cpSync(REAL_DIR, dir, { recursive: true });
    clearTemplateLibraryCache();
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("the copy itself is fine", () => {
    expect(checkTemplateLibrary(dir).problems).toEqual([]);
  });

  it("accepts 'each' for a role with many parties and refuses it for a role of one party", () => {
    // engagementen-scholen binds each school on its own: fine (the copy passes above).
    expect(readFileSync(clause("engagementen-scholen.md"), "utf8")).toContain("each: true");
    edit("coordinator-met-mandaat.md", "    bearer: lokaal_bestuur\n", "    bearer: lokaal_bestuur\n    each: true\n");
    expect(checkTemplateLibrary(dir).problems).toEqual([
      'templates/clauses/coordinator-met-mandaat.md: commitments[0].each: rol "lokaal_bestuur" heeft in documenttype "samenwerkingsovereenkomst" hoogstens één partij: "each" heeft geen zin',
    ]);
  });

  it("reports every problem with file and field", () => {
    // wrong variable type
    edit("clb-bereikbaarheid.md", /(name: clbEmail\n\s+label: [^\n]+\n\s+type:) text/, "$1 datum");
    // missing field
    edit("clb-lokaal.md", /^title: .*\n/m, "");
    // unknown section
    edit("actieplan.md", "section: taakverdeling", "section: bestaat-niet");
    // undeclared variable in the body
    edit("stuurgroep.md", "De stuurgroep volgt", "{{voorzitter}} leidt de stuurgroep. De stuurgroep volgt");
    // unknown party role in a commitment
    edit("financiering.md", "bearer: welzijnspartner", "bearer: ouders");
    // id that does not match the file name
    edit("heldere-taal.md", "id: heldere-taal", "id: duidelijke-taal");
    // a declared variable that is never used
    edit("ruimte-en-materiaal.md", "{{materiaal}}", "Een kast.");

    const { ok, problems } = checkTemplateLibrary(dir);
    expect(ok).toBe(false);
    const expectProblem = (re: RegExp) => expect(problems.some((p) => re.test(p)), `${re}\n${problems.join("\n")}`).toBe(true);
    expectProblem(/^templates\/clauses\/clb-bereikbaarheid\.md: variables\[1\]\.type: ongeldige waarde "datum"/);
    expectProblem(/^templates\/clauses\/clb-lokaal\.md: title: ontbreekt$/);
    expectProblem(/^templates\/clauses\/actieplan\.md: section: onbekende sectie "bestaat-niet"/);
    expectProblem(/^templates\/clauses\/stuurgroep\.md: \(tekst\): variabele "\{\{voorzitter\}\}" wordt gebruikt maar is niet gedeclareerd/);
    expectProblem(/^templates\/clauses\/financiering\.md: commitments\[1\]\.bearer: rol "ouders" bestaat niet/);
    expectProblem(/^templates\/clauses\/heldere-taal\.md: id: "duidelijke-taal" moet gelijk zijn aan de bestandsnaam/);
    expectProblem(/^templates\/clauses\/ruimte-en-materiaal\.md: variables\[1\]\.name: variabele "materiaal" is gedeclareerd maar wordt nergens gebruikt/);
    // The invalid clause can't load, so the default lists that name it are reported too.
    expectProblem(/^templates\/document-types\/afsprakennota\.yaml: defaultClauses\[\d+\]: clausule "clb-lokaal" bestaat niet/);
  });

  it("reports problems in document types, glossary and YAML syntax", () => {
    const dtFile = path.join(dir, "document-types", "afsprakennota.yaml");
    writeFileSync(
      dtFile,
      readFileSync(dtFile, "utf8")
        .replace("evaluationRhythm: jan-mei", "evaluationRhythm: maandelijks")
        .replace("  - clb-bereikbaarheid\n", "  - clb-bereikbaarheid\n  - ouders-inleiding\n"),
    );
    writeFileSync(path.join(dir, "glossary.yaml"), "- term: MDO\n  explanation: Overleg.\n- term: mdo\n  explanation: Dubbel.\n");
    edit("looptijd-schooljaar.md", "commitments: []", "commitments: [\n");

    const { problems } = checkTemplateLibrary(dir);
    const expectProblem = (re: RegExp) => expect(problems.some((p) => re.test(p)), `${re}\n${problems.join("\n")}`).toBe(true);
    expectProblem(/^templates\/document-types\/afsprakennota\.yaml: evaluationRhythm: ongeldige waarde "maandelijks"/);
    expectProblem(/^templates\/glossary\.yaml: \[1\]\.term: "mdo" komt al voor/);
    expectProblem(/^templates\/clauses\/looptijd-schooljaar\.md: YAML-fout/);
  });

  it("checks that dueFrom names a date variable and cadenceFrom a choice variable with its own options", () => {
    edit("actieplan.md", "dueFrom: actieplanKlaar", "dueFrom: actieplanThemas");
    edit("stuurgroep.md", '"elk semester": per-semester', '"elke maand": per-semester');
    edit("signalen-naar-beleid.md", "variable: signaalMoment", "variable: bestaatNiet");
    const { problems } = checkTemplateLibrary(dir);
    const expectProblem = (re: RegExp) => expect(problems.some((p) => re.test(p)), `${re}\n${problems.join("\n")}`).toBe(true);
    expectProblem(/^templates\/clauses\/actieplan\.md: commitments\[0\]\.dueFrom: "actieplanThemas" is geen datumvariabele/);
    expectProblem(/^templates\/clauses\/stuurgroep\.md: commitments\[0\]\.cadenceFrom\.options: "elke maand" is geen keuze van "stuurgroepFrequentie"/);
    expectProblem(/^templates\/clauses\/signalen-naar-beleid\.md: commitments\[0\]\.cadenceFrom\.variable: "bestaatNiet" is geen keuzevariabele/);
  });

  it("holds every commitment to one A and at least one R", () => {
    // No A at all: the school does it, the CLB is only consulted.
    edit("clb-lokaal.md", "rasci: { school: R, clb: A }", "rasci: { school: R, clb: C }");
    // Two A's.
    edit("clb-vragen-wel-en-niet.md", "rasci: { clb: R, school: A }", "rasci: { clb: A, school: A }");
    // An A but nobody who carries it out.
    edit("stuurgroep.md", "rasci: { lokaal_bestuur: A, welzijnspartner: R, school: C }", "rasci: { lokaal_bestuur: A, welzijnspartner: C, school: C }");
    const { problems } = checkTemplateLibrary(dir);
    expect(problems).toEqual([
      "templates/clauses/clb-lokaal.md: commitments[0].rasci: precies één partij moet A (eindverantwoordelijk) zijn (nu: 0)",
      "templates/clauses/clb-vragen-wel-en-niet.md: commitments[0].rasci: precies één partij moet A (eindverantwoordelijk) zijn (nu: 2)",
      "templates/clauses/clb-vragen-wel-en-niet.md: commitments[0].rasci: minstens één partij moet R (voert uit) zijn",
      "templates/clauses/stuurgroep.md: commitments[0].rasci: minstens één partij moet R (voert uit) zijn",
    ]);
  });

  it("lets the only party of a one-party document type be A without an R, but requires its A", () => {
    // The engagementsverklaring for parents has the school as its only party.
    expect(checkTemplateLibrary(dir).problems).toEqual([]);
    edit("ouders-inleiding.md", "rasci: { school: A }", "rasci: { school: R }");
    expect(checkTemplateLibrary(dir).problems).toEqual([
      "templates/clauses/ouders-inleiding.md: commitments[0].rasci: precies één partij moet A (eindverantwoordelijk) zijn (nu: 0)",
    ]);
  });

  it("reports a signing party that carries no commitment in the default clauses", () => {
    // The CLB signs the samenwerkingsovereenkomst; its only default commitment is the signal to the stuurgroep.
    edit("signalen-naar-beleid.md", "bearer: clb\n", "bearer: lokaal_bestuur\n");
    expect(checkTemplateLibrary(dir).problems).toContainEqual(
      'templates/document-types/samenwerkingsovereenkomst.yaml: parties[3]: de ondertekenende partij "clb" draagt geen enkele afspraak in de standaardclausules',
    );
  });

  it("reports a default clause of another document type", () => {
    const dtFile = path.join(dir, "document-types", "afsprakennota.yaml");
    writeFileSync(dtFile, readFileSync(dtFile, "utf8").replace("  - clb-lokaal\n", "  - clb-lokaal\n  - ouders-inleiding\n"));
    expect(checkTemplateLibrary(dir).problems).toContainEqual(
      expect.stringMatching(
        /^templates\/document-types\/afsprakennota\.yaml: defaultClauses\[\d+\]: clausule "ouders-inleiding" hoort niet bij documenttype "afsprakennota"/,
      ),
    );
  });

  it("reports a missing document type and missing front matter", () => {
    unlinkSync(path.join(dir, "document-types", "samenwerkingsovereenkomst.yaml"));
    writeFileSync(clause("zonder-header.md"), "Alleen tekst.\n");
    const { problems } = checkTemplateLibrary(dir);
    expect(problems).toContainEqual(
      "templates/document-types/samenwerkingsovereenkomst.yaml: documenttype \"samenwerkingsovereenkomst\" ontbreekt",
    );
    expect(problems).toContainEqual(expect.stringMatching(/^templates\/clauses\/zonder-header\.md: geen front matter gevonden/));
    // Clauses of the removed type now point at an unknown document type.
    expect(problems).toContainEqual(
      expect.stringMatching(/^templates\/clauses\/financiering\.md: documentTypes\[0\]: onbekend documenttype "samenwerkingsovereenkomst"/),
    );
  });

  it("loadTemplateLibrary throws a TemplateLibraryError with all problems", () => {
    edit("clb-lokaal.md", /^title: .*\n/m, "");
    edit("actieplan.md", "section: taakverdeling", "section: bestaat-niet");
    let error: unknown;
    try {
      loadTemplateLibrary(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateLibraryError);
    const problems = (error as TemplateLibraryError).problems;
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect((error as Error).message).toContain("templates/clauses/clb-lokaal.md: title: ontbreekt");
  });

  it("reports a missing directory", () => {
    expect(checkTemplateLibrary(path.join(root, "nergens")).problems[0]).toMatch(/map met sjablonen niet gevonden/);
  });
});
