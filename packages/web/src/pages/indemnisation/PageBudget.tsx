import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterEuros } from '../../components/format';
import { Titre } from '../../components/Titre';

interface Montants {
  nombreDemandes: number;
  montantDemande: number;
  nombrePropositions: number;
  montantPropose: number;
  nombrePaiements: number;
  montantPaye: number;
}
interface Budget {
  du: string;
  au: string;
  elements: (Montants & { mois: string; departement: string })[];
  totaux: Montants;
}

const MOIS = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const libelleMois = (mois: string) => MOIS.format(new Date(`${mois}-01T00:00:00Z`));

function Cellules({ m }: { m: Montants }) {
  return (
    <>
      <td>{m.nombreDemandes}</td>
      <td>{formaterEuros(m.montantDemande)}</td>
      <td>{m.nombrePropositions}</td>
      <td>{formaterEuros(m.montantPropose)}</td>
      <td>{m.nombrePaiements}</td>
      <td>{formaterEuros(m.montantPaye)}</td>
    </>
  );
}

const SERIES = [
  { cle: 'montantDemande', libelle: 'Demandé', couleur: '#000091' },
  { cle: 'montantPropose', libelle: 'Proposé', couleur: '#6a6af4' },
  { cle: 'montantPaye', libelle: 'Payé', couleur: '#18753c' },
] as const;

/**
 * Grouped bars, one group per month (all départements of the scope summed). The table that follows carries
 * the same figures for screen readers: the chart is an image with a text alternative pointing to it.
 */
function Graphique({ budget }: { budget: Budget }) {
  const id = useId();
  const parMois = new Map<string, Montants>();
  for (const l of budget.elements) {
    const m = parMois.get(l.mois) ?? {
      nombreDemandes: 0,
      montantDemande: 0,
      nombrePropositions: 0,
      montantPropose: 0,
      nombrePaiements: 0,
      montantPaye: 0,
    };
    for (const s of SERIES) m[s.cle] += l[s.cle];
    parMois.set(l.mois, m);
  }
  const mois = [...parMois.entries()];
  const max = Math.max(1, ...mois.flatMap(([, m]) => SERIES.map((s) => m[s.cle])));
  const hauteur = 200;
  const largeurGroupe = 48;
  const largeur = Math.max(300, mois.length * largeurGroupe + 20);
  return (
    <figure className={fr.cx('fr-mb-4w')}>
      <svg
        viewBox={`0 0 ${largeur} ${hauteur + 40}`}
        role="img"
        aria-labelledby={`${id}-titre`}
        style={{ width: '100%', maxWidth: largeur * 1.5, height: 'auto' }}
      >
        <title id={`${id}-titre`}>
          Montants demandés, proposés et payés par mois ; les valeurs sont données dans le tableau qui suit.
        </title>
        <line x1={10} x2={largeur - 10} y1={hauteur} y2={hauteur} stroke="currentColor" />
        {mois.map(([m, montants], k) => (
          <g key={m}>
            {SERIES.map((s, j) => {
              const h = (montants[s.cle] / max) * (hauteur - 10);
              return (
                <rect
                  key={s.cle}
                  x={14 + k * largeurGroupe + j * 13}
                  y={hauteur - h}
                  width={12}
                  height={h}
                  fill={s.couleur}
                >
                  <title>{`${libelleMois(m)} — ${s.libelle} : ${formaterEuros(montants[s.cle])}`}</title>
                </rect>
              );
            })}
            <text
              x={14 + k * largeurGroupe + 19}
              y={hauteur + 16}
              fontSize="10"
              textAnchor="middle"
              fill="currentColor"
            >
              {m.slice(5)}/{m.slice(2, 4)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        <ul
          className={fr.cx('fr-text--sm')}
          style={{ listStyle: 'none', paddingLeft: 0, display: 'flex', gap: 16 }}
        >
          {SERIES.map((s) => (
            <li key={s.cle}>
              <span
                aria-hidden="true"
                style={{
                  display: 'inline-block',
                  width: 12,
                  height: 12,
                  marginRight: 6,
                  background: s.couleur,
                }}
              />
              {s.libelle}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/**
 * Budget follow-up of the State's indemnities for the préfecture: what landlords claim, what the préfet proposes
 * and what is paid, month by month, to foresee the credits to ask for.
 */
export function PageBudget() {
  const annee = new Date().getFullYear();
  const [du, setDu] = useState(`${annee}-01-01`);
  const [au, setAu] = useState(`${annee}-12-31`);
  const parametres = new URLSearchParams({ du, au }).toString();
  const requete = useQuery({
    queryKey: ['indemnisation', 'budget', du, au],
    queryFn: () => lire<Budget>(`/api/v1/indemnisation/budget?${parametres}`),
    enabled: du !== '' && au !== '',
  });
  return (
    <>
      <Titre sousTitre="Montants demandés, proposés et payés au titre du refus du concours de la force publique (CPCE L153-1, R154-1 s.), chacun au mois de son étape.">
        Suivi budgétaire des indemnités
      </Titre>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
          <Input
            label="Du"
            nativeInputProps={{ type: 'date', value: du, onChange: (e) => setDu(e.target.value) }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
          <Input
            label="Au"
            nativeInputProps={{ type: 'date', value: au, onChange: (e) => setAu(e.target.value) }}
          />
        </div>
      </div>
      {requete.isPending ? (
        <Chargement />
      ) : requete.isError ? (
        <Alert severity="error" small description={requete.error.message} />
      ) : (
        <>
          <p>
            <a
              className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')}
              href={`/api/v1/indemnisation/budget.csv?${parametres}`}
              download
            >
              Télécharger le tableau (CSV)
            </a>
          </p>
          {requete.data.elements.length === 0 ? (
            <p>Aucune demande, proposition ni paiement sur la période.</p>
          ) : (
            <>
              <Graphique budget={requete.data} />
              <div className={fr.cx('fr-table')}>
                <table>
                  <caption>Indemnités par mois et département</caption>
                  <thead>
                    <tr>
                      <th scope="col">Mois</th>
                      <th scope="col">Département</th>
                      <th scope="col">Demandes</th>
                      <th scope="col">Montant demandé</th>
                      <th scope="col">Propositions</th>
                      <th scope="col">Montant proposé</th>
                      <th scope="col">Paiements</th>
                      <th scope="col">Montant payé</th>
                    </tr>
                  </thead>
                  <tbody>
                    {requete.data.elements.map((l) => (
                      <tr key={`${l.mois}-${l.departement}`}>
                        <th scope="row">{libelleMois(l.mois)}</th>
                        <td>{l.departement}</td>
                        <Cellules m={l} />
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={2}>
                        Total
                      </th>
                      <Cellules m={requete.data.totaux} />
                    </tr>
                  </tfoot>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
