import { describe, expect, it } from "vitest";
import { commitmentTiming } from "./commitment-timing";
import { loadTemplateLibrary } from "./load-templates.server";

const library = loadTemplateLibrary();
const commitment = (clauseId: string, commitmentId: string) =>
  library.clauses.get(clauseId)!.commitments.find((c) => c.id === commitmentId)!;

describe("commitmentTiming: the frequency chosen next to a commitment is its cadence", () => {
  it.each([
    ["stuurgroep", "stuurgroep-bijeenroepen", "stuurgroepFrequentie", "één keer per schooljaar", "jaarlijks"],
    ["stuurgroep", "stuurgroep-bijeenroepen", "stuurgroepFrequentie", "elk semester", "per-semester"],
    ["overleg-met-andere-scholen", "deelnemen-netwerk", "netwerkFrequentie", "één keer per schooljaar", "jaarlijks"],
    ["signalen-naar-beleid", "signalen-bundelen", "signaalMoment", "één keer per schooljaar", "jaarlijks"],
  ])("%s/%s: %s = %s → %s", (clauseId, commitmentId, variable, choice, cadence) => {
    expect(commitmentTiming(commitment(clauseId, commitmentId), { [variable]: choice }).cadence).toBe(cadence);
  });

  it("an option without a cadence of its own keeps the template's", () => {
    expect(commitmentTiming(commitment("signalen-naar-beleid", "signalen-bundelen"), { signaalMoment: "op elke stuurgroep" }).cadence).toBe("per-semester");
  });

  it("the date typed next to a commitment is its due date; none typed, none due", () => {
    const def = commitment("gemeenschappelijk-doel-smart", "doel-samen-opvolgen");
    expect(commitmentTiming(def, { doelDatum: "2026-10-15" }).dueDate).toBe("2026-10-15");
    expect(commitmentTiming(def, {}).dueDate).toBeNull();
    expect(commitmentTiming(commitment("actieplan", "actieplan-opstellen"), { actieplanKlaar: "2026-10-15" }).dueDate).toBe("2026-10-15");
  });
});
