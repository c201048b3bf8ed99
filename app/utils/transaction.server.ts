import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";

export type Tx = Prisma.TransactionClient;

/**
 * Runs `work` in the caller's transaction when there is one (so several steps
 * commit together), else in a transaction of its own. Inside a transaction
 * every query must go through `tx`: the adapter lets other queries wait until
 * the transaction ends.
 */
export function inTransaction<T>(
  tx: Tx | undefined,
  work: (tx: Tx) => Promise<T>,
  options?: { maxWait?: number; timeout?: number },
): Promise<T> {
  return tx ? work(tx) : db.$transaction(work, options);
}
