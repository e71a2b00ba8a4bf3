/**
 * The timeline in processing order (contrat procedure-evaluate): by date, then by the order of the
 * contract's event table, then by input order. Sorted once; lookups by type are then constant time.
 */
import { type NumeroJour, numeroJour } from '../calendrier/dates.js';
import {
  type Evenement,
  type EvenementDe,
  RANG_PAR_TYPE,
  TYPES_EVENEMENT,
  type TypeEvenement,
} from './scenario.js';

export interface EvenementDate<E extends Evenement = Evenement> {
  readonly evenement: E;
  readonly numero: NumeroJour;
  /** Position in processing order. */
  readonly position: number;
  /** Position in the input list. */
  readonly index: number;
}

type Liste<T extends TypeEvenement> = readonly EvenementDate<EvenementDe<T>>[];

const VIDE: readonly never[] = [];

interface CleDeTri {
  readonly evenement: Evenement;
  readonly numero: NumeroJour;
  readonly rang: number;
  readonly index: number;
}

/** By date, then contract table order, then input order. */
function comparerCles(a: CleDeTri, b: CleDeTri): number {
  return a.numero - b.numero || a.rang - b.rang || a.index - b.index;
}

export class Chronologie {
  readonly ordre: readonly EvenementDate[];
  private readonly parRang: (EvenementDate[] | undefined)[];

  constructor(evenements: readonly Evenement[]) {
    // Plain loops and a module-level comparator: this runs on every evaluation.
    const cles: CleDeTri[] = [];
    for (let index = 0; index < evenements.length; index++) {
      const evenement = evenements[index] as Evenement;
      cles.push({
        evenement,
        numero: numeroJour(evenement.date),
        rang: RANG_PAR_TYPE[evenement.type],
        index,
      });
    }
    cles.sort(comparerCles);
    const parRang: (EvenementDate[] | undefined)[] = new Array(TYPES_EVENEMENT.length);
    const ordre: EvenementDate[] = [];
    for (let position = 0; position < cles.length; position++) {
      const { evenement, numero, rang, index } = cles[position] as CleDeTri;
      const date: EvenementDate = { evenement, numero, position, index };
      ordre.push(date);
      const liste = parRang[rang];
      if (liste === undefined) parRang[rang] = [date];
      else liste.push(date);
    }
    this.ordre = ordre;
    this.parRang = parRang;
  }

  /** Every event of that type, in processing order. */
  tous<T extends TypeEvenement>(type: T): Liste<T> {
    return (this.parRang[RANG_PAR_TYPE[type]] ?? VIDE) as Liste<T>;
  }

  premier<T extends TypeEvenement>(type: T): EvenementDate<EvenementDe<T>> | undefined {
    return this.tous(type)[0];
  }

  /** The latest occurrence, which is the one that counts for most types (contract). */
  dernier<T extends TypeEvenement>(type: T): EvenementDate<EvenementDe<T>> | undefined {
    const liste = this.tous(type);
    return liste[liste.length - 1];
  }

  /** The first event of that type processed after the given position. */
  premierApres<T extends TypeEvenement>(
    type: T,
    position: number,
  ): EvenementDate<EvenementDe<T>> | undefined {
    for (const date of this.tous(type)) if (date.position > position) return date;
    return undefined;
  }

  dernierApres<T extends TypeEvenement>(
    type: T,
    position: number,
  ): EvenementDate<EvenementDe<T>> | undefined {
    const dernier = this.dernier(type);
    return dernier !== undefined && dernier.position > position ? dernier : undefined;
  }

  /** The latest event of that type processed before the given position. */
  dernierAvant<T extends TypeEvenement>(
    type: T,
    position: number,
  ): EvenementDate<EvenementDe<T>> | undefined {
    const liste = this.tous(type);
    for (let i = liste.length - 1; i >= 0; i--) {
      const date = liste[i];
      if (date !== undefined && date.position < position) return date;
    }
    return undefined;
  }
}
