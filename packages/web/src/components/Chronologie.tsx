import { fr } from '@codegouvfr/react-dsfr';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { LIBELLES_ECHEANCE, LIBELLES_TYPE_EVENEMENT } from '@exploc/domain/procedure/libelles';
import type { ReactNode } from 'react';
import { formaterDate, formaterEuros, libelle } from './format';

export interface EvenementChronologie {
  id?: string;
  type: string;
  date: string;
  remplacePar?: string | null;
  motifCorrection?: string | null;
  commentaire?: string | null;
  auteur?: string | null;
  source?: string;
  [champ: string]: unknown;
}

const CHAMPS_LISIBLES: Record<string, (v: unknown) => string> = {
  montantDette: (v) => `dette ${formaterEuros(Number(v))}`,
  moisImpayes: (v) => `${v} mois impayés`,
  dateAudience: (v) => `audience le ${formaterDate(String(v))}`,
  sens: (v) => String(v).replaceAll('_', ' '),
  delaisPaiementMois: (v) => `délais de ${v} mois`,
  delaiQuitterLieux: (v) => `délai pour quitter les lieux : ${v}`,
  delaiQuitterLieuxJours: (v) => `${v} jours`,
  voieDeFait: (v) => (v ? 'voie de fait' : ''),
  dateFin: (v) => `jusqu’au ${formaterDate(String(v))}`,
  origine: (v) => `origine : ${String(v).replaceAll('_', ' ')}`,
  dureeMois: (v) => `${v} mois`,
  montantDemande: (v) => `demande ${formaterEuros(Number(v))}`,
  montant: (v) => formaterEuros(Number(v)),
};

function details(e: EvenementChronologie): string {
  return Object.entries(CHAMPS_LISIBLES)
    .filter(([k]) => e[k] !== undefined && e[k] !== null)
    .map(([k, f]) => f(e[k]))
    .filter(Boolean)
    .join(' · ');
}

/**
 * Acts and derived deadlines in one ordered list (a list is read in order by screen readers; colour is never
 * the only cue: each item says whether it is an act or a deadline).
 */
export function Chronologie({
  evenements,
  echeances,
  aujourdhui,
  actions,
}: {
  evenements: EvenementChronologie[];
  echeances: { code: string; date: string; fondement: string; explication: string }[];
  aujourdhui: string;
  actions?: (e: EvenementChronologie) => ReactNode;
}) {
  type Item =
    | { nature: 'acte'; date: string; cle: string; e: EvenementChronologie }
    | { nature: 'echeance'; date: string; cle: string; code: string; fondement: string; explication: string };
  const items: Item[] = [
    ...evenements.map((e, i) => ({ nature: 'acte' as const, date: e.date, cle: e.id ?? `e${i}`, e })),
    ...echeances.map((x) => ({ nature: 'echeance' as const, cle: `d-${x.code}`, ...x })),
  ].sort((a, b) => (a.date === b.date ? (a.nature === 'acte' ? -1 : 1) : a.date < b.date ? -1 : 1));
  if (items.length === 0) return <p>Aucun acte enregistré.</p>;
  return (
    <ol className="exploc-chronologie" style={{ listStyle: 'none', paddingLeft: 0 }}>
      {items.map((it) =>
        it.nature === 'acte' ? (
          <li
            key={it.cle}
            className={fr.cx('fr-mb-2w', 'fr-pl-2w')}
            style={{ borderLeft: '4px solid var(--border-action-high-blue-france)' }}
          >
            <p className={fr.cx('fr-mb-0')}>
              <strong>{formaterDate(it.date)}</strong> — <span className={fr.cx('fr-sr-only')}>Acte : </span>
              {it.e.remplacePar ? (
                <del>{libelle(LIBELLES_TYPE_EVENEMENT, it.e.type)}</del>
              ) : (
                libelle(LIBELLES_TYPE_EVENEMENT, it.e.type)
              )}{' '}
              {it.e.remplacePar ? (
                <Badge small severity="warning">
                  Corrigé
                </Badge>
              ) : it.e.statut === 'a_verifier' ? (
                <Badge small severity="error">
                  À vérifier : incohérent avec la procédure
                </Badge>
              ) : null}
            </p>
            {details(it.e) ? <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>{details(it.e)}</p> : null}
            {it.e.motifCorrection ? (
              <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>Correction : {it.e.motifCorrection}</p>
            ) : null}
            {it.e.commentaire ? (
              <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>« {it.e.commentaire} »</p>
            ) : null}
            {it.e.auteur || it.e.source ? (
              <p className={fr.cx('fr-text--xs', 'fr-mb-0')}>
                Source : {it.e.source ?? '—'}
                {it.e.auteur ? `, saisi par ${it.e.auteur}` : ''}
              </p>
            ) : null}
            {actions && !it.e.remplacePar ? actions(it.e) : null}
          </li>
        ) : (
          <li
            key={it.cle}
            className={fr.cx('fr-mb-2w', 'fr-pl-2w')}
            style={{
              borderLeft: `4px dashed var(${it.date < aujourdhui ? '--border-default-grey' : '--border-plain-warning'})`,
            }}
          >
            <p className={fr.cx('fr-mb-0')}>
              <strong>{formaterDate(it.date)}</strong> —{' '}
              <span className={fr.cx('fr-sr-only')}>Échéance : </span>
              <Badge small severity={it.date < aujourdhui ? 'info' : 'warning'} noIcon>
                {it.date < aujourdhui ? 'Échéance passée' : 'Échéance'}
              </Badge>{' '}
              {libelle(LIBELLES_ECHEANCE, it.code)}
            </p>
            <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>{it.explication}</p>
            <p className={fr.cx('fr-text--xs', 'fr-mb-0')}>Fondement : {it.fondement}</p>
          </li>
        ),
      )}
    </ol>
  );
}
