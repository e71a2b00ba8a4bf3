/**
 * Seeded pseudo-random numbers for the synthetic data: the same seed gives the same data on every
 * machine, so Math.random is never used. sfc32 (Chris Doty-Humphrey's small fast counter) only uses
 * 32-bit integer operations, which JavaScript computes exactly everywhere.
 */

/** One murmur3 mixing step: spreads the bits of `valeur` into the running hash. */
function melanger(hash: number, valeur: number): number {
  let v = Math.imul(valeur | 0, 0xcc9e2d51);
  v = (v << 15) | (v >>> 17);
  v = Math.imul(v, 0x1b873593);
  let h = hash ^ v;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finaliser(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of integers (up to 2^53 each) and strings: derives independent streams from one seed. */
export function hacher(...parties: readonly (number | string)[]): number {
  let h = 0x2545f491;
  for (const partie of parties) {
    if (typeof partie === 'number') {
      h = melanger(h, partie % 0x100000000);
      h = melanger(h, Math.floor(partie / 0x100000000));
    } else {
      for (let i = 0; i < partie.length; i++) h = melanger(h, partie.charCodeAt(i));
      h = melanger(h, partie.length);
    }
  }
  return finaliser(h);
}

/** Cumulative weights, for `Alea.selon` (binary search: communes are tens of thousands). */
export function cumuler(poids: readonly number[]): Float64Array {
  const cumul = new Float64Array(poids.length);
  let total = 0;
  for (let i = 0; i < poids.length; i++) {
    total += Math.max(0, poids[i] ?? 0);
    cumul[i] = total;
  }
  return cumul;
}

export class Alea {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** One independent stream per combination of parts, e.g. (seed, dossier index, purpose). */
  constructor(...parties: readonly (number | string)[]) {
    const h = hacher(...parties);
    this.a = hacher(h, 1) | 0;
    this.b = hacher(h, 2) | 0;
    this.c = hacher(h, 3) | 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  reel(): number {
    return this.uint32() / 0x100000000;
  }

  /** Uniform integer in [min, max], both included. */
  entier(min: number, max: number): number {
    return min + Math.floor(this.reel() * (max - min + 1));
  }

  /** True with probability p. */
  si(p: number): boolean {
    return this.reel() < p;
  }

  choisir<T>(elements: readonly T[]): T {
    return elements[Math.floor(this.reel() * elements.length)] as T;
  }

  /** Index drawn with the weights of `cumul` (see `cumuler`). */
  selon(cumul: Float64Array): number {
    const cible = this.reel() * (cumul[cumul.length - 1] ?? 0);
    let bas = 0;
    let haut = cumul.length - 1;
    while (bas < haut) {
      const milieu = (bas + haut) >>> 1;
      if ((cumul[milieu] ?? 0) > cible) haut = milieu;
      else bas = milieu + 1;
    }
    return bas;
  }

  /** Key drawn among `{ cle: probabilite }` (probabilities summing to 1; the last key takes the rest). */
  parmi<K extends string>(probabilites: Readonly<Record<K, number>>): K {
    let reste = this.reel();
    let derniere: K | undefined;
    for (const cle in probabilites) {
      derniere = cle;
      reste -= probabilites[cle];
      if (reste < 0) return cle;
    }
    return derniere as K;
  }

  /** Standard normal (Box–Muller; one draw per call keeps the streams easy to reason about). */
  normal(): number {
    const u = 1 - this.reel();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.reel());
  }

  /** Log-normal with the given median and σ of the logarithm. */
  logNormal(mediane: number, sigma: number): number {
    return mediane * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean. */
  exponentiel(moyenne: number): number {
    return -moyenne * Math.log(1 - this.reel());
  }
}
