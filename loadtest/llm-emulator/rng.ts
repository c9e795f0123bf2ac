/**
 * Seeded pseudo-random numbers. Every choice the emulator makes (words, lengths, latency,
 * faults) is drawn from a generator seeded by a hash, so the same request always gets the
 * same answer and a run with the same seed injects the same faults.
 */

/** cyrb53: a fast 53-bit string hash with good spread; not for security. */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A 53-bit hash folded into the 32 bits a mulberry32 state holds. */
function fold32(hash: number): number {
  return (hash ^ Math.floor(hash / 4294967296)) >>> 0;
}

/** mulberry32: tiny, fast and good enough for text variety and jitter. */
export class Rng {
  readonly seed: number;
  #state: number;

  constructor(seed: number) {
    this.seed = seed;
    this.#state = fold32(seed);
  }

  /** A generator seeded by the hash of the given parts. */
  static from(...parts: ReadonlyArray<string | number>): Rng {
    return new Rng(hashString(parts.join("\u0000")));
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("cannot pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /**
   * An independent generator for one part of the work. It depends on this generator's seed
   * and the label only, not on how many numbers were drawn before, so adding a draw in one
   * part never changes the text of another.
   */
  fork(label: string): Rng {
    return new Rng(hashString(label, fold32(this.seed)));
  }
}
