/**
 * The order an A/B experiment runs its arms in (PRODUCT.md, "Methods"): every arm once per
 * round, the order shuffled anew each round, so drift in the upstream (a warming cache, a noisy
 * neighbour) falls on every arm alike instead of on whichever always runs second.
 */
import { seededRandom, shuffled } from '../stats/random';

export interface PlannedStage {
  round: number;
  arm: number;
}

/** arms × rounds stages, round by round, each round's arms in a seeded random order. */
export function planRounds(arms: number, rounds: number, seed: number): PlannedStage[] {
  const random = seededRandom(seed);
  const all = Array.from({ length: arms }, (_, arm) => arm);
  return Array.from({ length: rounds }, (_, round) => shuffled(all, random).map((arm) => ({ round, arm }))).flat();
}

/** Arm 0 is A, 1 is B, … */
export const armLetter = (arm: number): string => String.fromCharCode(65 + arm);
