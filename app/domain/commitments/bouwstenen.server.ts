import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { BOUWSTENEN } from "~/domain/templates/schema";

// The six building blocks with their reflection questions (templates/bouwstenen.yaml).

const BouwsteenSchema = z.array(
  z.object({ id: z.enum(BOUWSTENEN), label: z.string().min(1), questions: z.array(z.string().min(1)).min(1) }).strict(),
);
export type BouwsteenDef = z.infer<typeof BouwsteenSchema>[number];

let cached: BouwsteenDef[] | undefined;

export function loadBouwstenen(dir = path.resolve(process.cwd(), "templates")): BouwsteenDef[] {
  if (cached) return cached;
  const file = path.join(dir, "bouwstenen.yaml");
  const result = BouwsteenSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!result.success) {
    throw new Error(`${file}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const ids = result.data.map((b) => b.id);
  if (BOUWSTENEN.some((id) => !ids.includes(id))) throw new Error(`${file}: every bouwsteen needs an entry`);
  cached = result.data;
  return cached;
}
