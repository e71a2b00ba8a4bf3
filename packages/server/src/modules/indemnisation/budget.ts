import type { Scope } from '@exploc/domain/acces/scope';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conditionScope } from '../../db/scope-dossier.js';

/**
 * Budget follow-up of the State's indemnities (programme 216 pays them): amounts claimed, proposed and paid, by
 * month and département. Each amount counts in the month of its own step (claim received, proposal, payment),
 * so a claim of December paid in March shows in both months; only dossiers of the caller's scope count.
 */
export interface LigneBudget {
  mois: string;
  departement: string;
  nombreDemandes: number;
  montantDemande: number;
  nombrePropositions: number;
  montantPropose: number;
  nombrePaiements: number;
  montantPaye: number;
}

const ETAPES = [
  {
    date: 'r.demande_recue_le',
    montant: 'r.montant_demande_cents',
    nombre: 'nombreDemandes',
    cle: 'montantDemande',
  },
  {
    date: 'r.proposition_le',
    montant: 'r.montant_propose_cents',
    nombre: 'nombrePropositions',
    cle: 'montantPropose',
  },
  { date: 'r.paiement_le', montant: 'r.montant_paye_cents', nombre: 'nombrePaiements', cle: 'montantPaye' },
] as const;

export async function budget(db: Kysely<DB>, scope: Scope, du: string, au: string) {
  const lignes = new Map<string, LigneBudget>();
  for (const e of ETAPES) {
    const groupes = await db
      .selectFrom('indemnisation_reglement as r')
      .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
      .select([
        'd.departement_code as departement',
        sql<string>`to_char(${sql.ref(e.date)}, 'YYYY-MM')`.as('mois'),
        sql<string>`count(*)`.as('nombre'),
        // bigint: a département's yearly total in cents can pass 2^31.
        sql<string>`coalesce(sum(${sql.ref(e.montant)}), 0)::bigint`.as('cents'),
      ])
      .where(conditionScope(scope))
      .where(sql.ref(e.date), '>=', du)
      .where(sql.ref(e.date), '<=', au)
      .groupBy(['d.departement_code', 'mois'])
      .execute();
    for (const g of groupes) {
      const cle = `${g.mois}|${g.departement}`;
      const l = lignes.get(cle) ?? {
        mois: g.mois,
        departement: g.departement,
        nombreDemandes: 0,
        montantDemande: 0,
        nombrePropositions: 0,
        montantPropose: 0,
        nombrePaiements: 0,
        montantPaye: 0,
      };
      l[e.nombre] = Number(g.nombre);
      l[e.cle] = Number(g.cents) / 100;
      lignes.set(cle, l);
    }
  }
  const elements = [...lignes.values()].sort(
    (a, b) => a.mois.localeCompare(b.mois) || a.departement.localeCompare(b.departement),
  );
  // Sums in cents, so that 0.1 + 0.2 stays 0.3.
  const total = (f: (l: LigneBudget) => number) =>
    elements.reduce((s, l) => s + Math.round(f(l) * 100), 0) / 100;
  return {
    du,
    au,
    elements,
    totaux: {
      nombreDemandes: elements.reduce((s, l) => s + l.nombreDemandes, 0),
      montantDemande: total((l) => l.montantDemande),
      nombrePropositions: elements.reduce((s, l) => s + l.nombrePropositions, 0),
      montantPropose: total((l) => l.montantPropose),
      nombrePaiements: elements.reduce((s, l) => s + l.nombrePaiements, 0),
      montantPaye: total((l) => l.montantPaye),
    },
  };
}

export type Budget = Awaited<ReturnType<typeof budget>>;

export function lignesCsvBudget(b: Budget): (string | number)[][] {
  return [
    [
      'Mois',
      'Département',
      'Demandes reçues',
      'Montant demandé (€)',
      'Propositions',
      'Montant proposé (€)',
      'Paiements',
      'Montant payé (€)',
    ],
    ...b.elements.map((l) => [
      l.mois,
      l.departement,
      l.nombreDemandes,
      l.montantDemande,
      l.nombrePropositions,
      l.montantPropose,
      l.nombrePaiements,
      l.montantPaye,
    ]),
    [
      'Total',
      '',
      b.totaux.nombreDemandes,
      b.totaux.montantDemande,
      b.totaux.nombrePropositions,
      b.totaux.montantPropose,
      b.totaux.nombrePaiements,
      b.totaux.montantPaye,
    ],
  ];
}
