/**
 * Money: exact decimal reading of JSON numbers and French formatting (`2 340,00 €`). Amounts are turned
 * into integers before any arithmetic, never computed with floats.
 */

/** A number as an exact decimal: `valeur / 10^echelle`. */
export interface DecimalExact {
  readonly valeur: bigint;
  readonly echelle: number;
}

/**
 * The decimal the JSON number was written as: `String(n)` gives the shortest text that reads back as
 * the same number, so 0.1 stays 1/10 and not 0.1000000000000000055….
 */
export function decimalExact(n: number): DecimalExact {
  if (!Number.isFinite(n)) throw new RangeError(`Montant non fini : ${n}`);
  const [mantisse = '0', exposantTexte = '0'] = String(n).split('e');
  const exposant = Number(exposantTexte);
  const [entier = '0', fraction = ''] = mantisse.split('.');
  const chiffres = BigInt(`${entier}${fraction}`.replace('+', ''));
  const echelle = fraction.length - exposant;
  return echelle >= 0
    ? { valeur: chiffres, echelle }
    : { valeur: chiffres * 10n ** BigInt(-echelle), echelle: 0 };
}

/** `numerateur / denominateur` rounded half up (away from zero for negatives), exactly. */
export function diviserArrondi(numerateur: bigint, denominateur: bigint): bigint {
  const negatif = numerateur < 0n !== denominateur < 0n;
  const n = numerateur < 0n ? -numerateur : numerateur;
  const d = denominateur < 0n ? -denominateur : denominateur;
  const arrondi = (2n * n + d) / (2n * d);
  return negatif ? -arrondi : arrondi;
}

export function multiplierExact(a: DecimalExact, b: DecimalExact): DecimalExact {
  return { valeur: a.valeur * b.valeur, echelle: a.echelle + b.echelle };
}

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export function comparerExact(a: DecimalExact, b: DecimalExact): number {
  const echelle = Math.max(a.echelle, b.echelle);
  const x = a.valeur * 10n ** BigInt(echelle - a.echelle);
  const y = b.valeur * 10n ** BigInt(echelle - b.echelle);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** An exact decimal in cents, rounded half up to the cent. */
export function centimesArrondis({ valeur, echelle }: DecimalExact): bigint {
  return echelle <= 2
    ? valeur * 10n ** BigInt(2 - echelle)
    : diviserArrondi(valeur, 10n ** BigInt(echelle - 2));
}

/** Euros to cents, rounded half up to the cent. */
export function versCentimes(euros: number): bigint {
  return centimesArrondis(decimalExact(euros));
}

/** Cents to a JSON number with at most two decimals (e.g. 38933n → 389.33). */
export function centimesEnEuros(centimes: bigint): number {
  return Number(centimes) / 100;
}

function grouperMilliers(entier: string): string {
  return entier.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** 234000n → `2 340,00 €`. */
export function formaterCentimes(centimes: bigint): string {
  const negatif = centimes < 0n;
  const absolu = negatif ? -centimes : centimes;
  const entier = grouperMilliers((absolu / 100n).toString());
  const reste = (absolu % 100n).toString().padStart(2, '0');
  return `${negatif ? '-' : ''}${entier},${reste} €`;
}

export function formaterMontant(euros: number): string {
  return formaterCentimes(versCentimes(euros));
}

/** 3 → `3`, 3.5 → `3,5`. */
export function formaterNombre(n: number): string {
  return String(n).replace('.', ',');
}
