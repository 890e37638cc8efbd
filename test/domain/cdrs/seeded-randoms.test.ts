import { describe, expect, it } from 'vitest';
import { createRandom, mulberry32 } from '../../../src/domain/cdrs/seeded-randoms';

describe('mulberry32', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('matches the reference implementation for seed 0', () => {
    // Outputs of Tommy Ettinger's C reference for state 0, compiled and run with gcc.
    const next = mulberry32(0);
    const outputs = Array.from({ length: 3 }, () => next() * 2 ** 32);
    expect(outputs).toEqual([1_144_304_738, 1_416_247, 958_946_056]);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const next = mulberry32(7);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const value = next();
      if (value < 0 || value >= 1) outside += 1;
      else buckets[Math.floor(value * 10)]! += 1;
    }
    expect(outside).toBe(0);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('createRandom', () => {
  it('integer covers both ends of the range and nothing outside', () => {
    const random = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i += 1) seen.add(random.integer(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
    expect(random.integer(7, 7)).toBe(7);
    expect(() => random.integer(5, 2)).toThrow(/range/);
  });

  it('pick and weighted draw from their items in proportion', () => {
    const random = createRandom(2);
    expect(() => random.pick([])).toThrow(/items/);
    expect(() => random.weighted([])).toThrow(/entries/);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 30_000; i += 1) {
      counts[random.weighted([['a', 1], ['b', 2], ['c', 0]] as const)] += 1;
    }
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(1.8);
    expect(counts.b / counts.a).toBeLessThan(2.2);
  });

  it('chance(0) never and chance(1) always', () => {
    const random = createRandom(3);
    const draws = Array.from({ length: 1_000 }, () => [random.chance(0), random.chance(1)]);
    expect(draws.every(([never, always]) => !never && always)).toBe(true);
  });

  it('normal has mean ~0 and deviation ~1', () => {
    const random = createRandom(4);
    const draws = Array.from({ length: 50_000 }, () => random.normal());
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.02);
    expect(draws.every(Number.isFinite)).toBe(true);
  });

  it('hex, digits and uuid have their shapes', () => {
    const random = createRandom(5);
    expect(random.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(random.digits(5)).toMatch(/^[0-9]{5}$/);
    expect(random.hex(0)).toBe('');
    const uuids = Array.from({ length: 1_000 }, () => random.uuid());
    const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(uuids.filter((uuid) => !uuidV4.test(uuid))).toEqual([]);
    expect(new Set(uuids).size).toBe(uuids.length);
    // All four variant digits occur: the variant bits keep 2 random bits.
    expect(new Set(uuids.map((uuid) => uuid[19])).size).toBe(4);
    expect(random.hex(9)).toMatch(/^[0-9a-f]{9}$/);
  });
});
