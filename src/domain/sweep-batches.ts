/**
 * Sweeps delete or update in batches: a run repeats a batch until one comes back short (nothing
 * is left) or `batchesMax` batches ran (the next run continues), so a backlog never becomes one
 * long statement or one long-held worker slot.
 */
export async function inBatches(
  batch: () => Promise<number>,
  limits: { size: number; batchesMax: number },
): Promise<number> {
  let total = 0;
  for (let index = 0; index < limits.batchesMax; index += 1) {
    const done = await batch();
    total += done;
    if (done < limits.size) break;
  }
  return total;
}
