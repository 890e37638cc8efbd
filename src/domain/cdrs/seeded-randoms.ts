/**
 * A seeded pseudo-random source for simulations: mulberry32 (32-bit state, statistically good
 * enough for fake traffic, nanoseconds per draw). It is predictable by design, so it must never
 * produce secrets, tokens or real ids; the UUIDs it makes are v4-shaped demo ids only.
 */
import assert from 'node:assert/strict';

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** A whole number in [min, max], both included. */
  integer(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** An item drawn in proportion to its (positive) weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A standard normal draw (mean 0, deviation 1), by Box-Muller. */
  normal(): number;
  /** `count` lowercase hex digits. */
  hex(count: number): string;
  /** `count` decimal digits, leading zeros allowed. */
  digits(count: number): string;
  /** An RFC 4122 version 4 UUID built from this source. */
  uuid(): string;
}

const UINT32_RANGE = 4_294_967_296;

/** mulberry32 by Tommy Ettinger: returns floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / UINT32_RANGE;
  };
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const integer = (min: number, max: number): number => {
    assert.ok(Number.isSafeInteger(min) && Number.isSafeInteger(max) && min <= max, 'a range');
    return min + Math.floor(next() * (max - min + 1));
  };
  const pick = <T>(items: readonly T[]): T => {
    assert.ok(items.length > 0, 'pick needs items');
    return items[integer(0, items.length - 1)]!;
  };
  const hex = (count: number): string => {
    let text = '';
    // Each draw carries 32 bits: 8 hex digits at a time.
    while (text.length < count) {
      text += Math.floor(next() * UINT32_RANGE).toString(16).padStart(8, '0');
    }
    return text.slice(0, count);
  };
  return {
    next,
    chance: (probability) => next() < probability,
    integer,
    pick,
    weighted: (entries) => weightedPick(entries, next()),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    hex,
    digits: (count) => Array.from({ length: count }, () => integer(0, 9)).join(''),
    uuid: () => toUuidV4(hex(32)),
  };
}

function weightedPick<T>(entries: readonly (readonly [T, number])[], draw: number): T {
  assert.ok(entries.length > 0, 'weighted needs entries');
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  assert.ok(total > 0, 'weights add up to more than 0');
  let remaining = draw * total;
  for (const [item, weight] of entries) {
    if (remaining < weight) return item;
    remaining -= weight;
  }
  // Float rounding can leave a sliver past the last weight; it belongs to the last item.
  return entries[entries.length - 1]![0];
}

/**
 * Formats 32 random hex digits as a UUID with the version (4) and variant (10xx) bits that
 * RFC 4122 §4.4 requires: digit 13 becomes 4, digit 17 keeps its low two bits under 10.
 */
function toUuidV4(hex: string): string {
  assert.match(hex, /^[0-9a-f]{32}$/, 'a UUID is built from 32 hex digits');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-` +
    `${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}
