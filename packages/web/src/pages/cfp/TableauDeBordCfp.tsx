import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { LIBELLES_STATUT_INSTRUCTION_CFP } from '@exploc/domain/schemas/cfp';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate, libelle } from '../../components/format';

/** GET /api/v1/cfp/tableau-de-bord */
interface LigneEcheance {
  id: string;
  dossier: { id: string; numero: string; nomPrincipal: string };
  statut: string;
  dateDemande: string;
  dateRefusImplicite: string | null;
  joursAvantRefusImplicite: number;
}
interface TableauDeBord {
  asOf: string;
  parEtape: {
    statut: string;
    nombre: number;
    moins30Jours: number;
    de30a59Jours: number;
    plus60Jours: number;
    ageMoyenJours: number | null;
  }[];
  decisionsCetteSemaine: { nombre: number; elements: LigneEcheance[] };
  refusImplicitesProches: { nombre: number; elements: LigneEcheance[] };
  treves: {
    departement: string;
    nom: string;
    treveNonConfiguree: boolean;
    source: 'arrete_prefectoral' | 'l412_6';
    periode: { du: string; au: string; enCours: boolean } | null;
    demandesConcernees: number;
  }[];
  menagesPrioritairesDalo: {
    nombre: number;
    elements: {
      id: string;
      dossier: { id: string; numero: string; nomPrincipal: string };
      statut: string;
      dateDemande: string;
      dateRefusImplicite: string | null;
      offresRelogement: number | null;
      source: 'verification_sociale' | 'dossier';
    }[];
  } | null;
}

function Tableau({ titre, entetes, children }: { titre: string; entetes: string[]; children: ReactNode }) {
  return (
    <div className={fr.cx('fr-table', 'fr-table--bordered')}>
      <table>
        <caption>{titre}</caption>
        <thead>
          <tr>
            {entetes.map((e) => (
              <th key={e} scope="col">
                {e}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

const pluriel = (n: number, mot: string) => `${n} ${mot}${n > 1 ? 's' : ''}`;

function TableauEcheances({
  titre,
  vide,
  liste,
}: {
  titre: string;
  vide: string;
  liste: TableauDeBord['decisionsCetteSemaine'];
}) {
  if (liste.nombre === 0) return <p>{vide}</p>;
  return (
    <>
      {liste.nombre > liste.elements.length ? (
        <p>
          {liste.elements.length} premières demandes sur {liste.nombre}.
        </p>
      ) : null}
      <Tableau
        titre={`${titre} (${liste.nombre})`}
        entetes={['Dossier', 'Ménage', 'Étape', 'Demande', 'Refus implicite']}
      >
        {liste.elements.map((i) => (
          <tr key={i.id}>
            <td>
              <Link to={`/cfp/${i.id}`}>{i.dossier.numero}</Link>
            </td>
            <td>{i.dossier.nomPrincipal}</td>
            <td>{libelle(LIBELLES_STATUT_INSTRUCTION_CFP, i.statut)}</td>
            <td>{formaterDate(i.dateDemande)}</td>
            <td>
              {formaterDate(i.dateRefusImplicite)} (dans {pluriel(i.joursAvantRefusImplicite, 'jour')})
            </td>
          </tr>
        ))}
      </Tableau>
    </>
  );
}

/** The préfecture's dashboard above the list of requests (cfp.instruire only). */
export function TableauDeBordCfp() {
  const tableau = useQuery({
    queryKey: ['cfp', 'tableau-de-bord'],
    queryFn: () => lire<TableauDeBord>('/api/v1/cfp/tableau-de-bord'),
  });
  if (tableau.isPending) return <Chargement />;
  if (tableau.isError)
    return <Alert severity="error" small description="Impossible de charger le tableau de bord." />;
  const t = tableau.data;
  return (
    <section aria-labelledby="titre-tableau-de-bord-cfp" className={fr.cx('fr-mb-5w')}>
      <h2 id="titre-tableau-de-bord-cfp">Tableau de bord</h2>

      <h3>Demandes par étape et ancienneté</h3>
      <Tableau
        titre="Demandes par étape et ancienneté de la demande"
        entetes={[
          'Étape',
          'Demandes',
          'Moins de 30 jours',
          '30 à 59 jours',
          '60 jours et plus',
          'Ancienneté moyenne',
        ]}
      >
        {t.parEtape.map((e) => (
          <tr key={e.statut}>
            <th scope="row">{libelle(LIBELLES_STATUT_INSTRUCTION_CFP, e.statut)}</th>
            <td>{e.nombre}</td>
            <td>{e.moins30Jours}</td>
            <td>{e.de30a59Jours}</td>
            <td>{e.plus60Jours}</td>
            <td>{e.ageMoyenJours === null ? '—' : pluriel(e.ageMoyenJours, 'jour')}</td>
          </tr>
        ))}
      </Tableau>

      <h3>Décisions à prendre cette semaine</h3>
      <p className={fr.cx('fr-text--sm')}>
        Sans décision explicite dans les deux mois, le silence vaut refus et engage la responsabilité de
        l’État (R153-1, R154-1).
      </p>
      <TableauEcheances
        titre="Refus implicite dans les 7 jours"
        vide="Rien à décider dans les 7 prochains jours."
        liste={t.decisionsCetteSemaine}
      />

      <h3>Refus implicites à venir</h3>
      <TableauEcheances
        titre="Refus implicite dans 7 à 30 jours"
        vide="Aucun refus implicite dans les 30 prochains jours."
        liste={t.refusImplicitesProches}
      />

      <h3>Trêve hivernale</h3>
      <p className={fr.cx('fr-text--sm')}>
        Aucune expulsion pendant la trêve (L412-6), sauf relogement assuré ou entrée par voie de fait. Une
        demande est comptée si son exécution tomberait dans la trêve : date d’opération planifiée, sinon
        aujourd’hui pour un concours accordé, sinon la date limite de décision du préfet.
      </p>
      <Tableau
        titre="Trêve en cours ou prochaine, par département"
        entetes={['Département', 'Période', 'Fondement', 'Demandes dont l’exécution tomberait dans la trêve']}
      >
        {t.treves.map((tr) => (
          <tr key={tr.departement}>
            <th scope="row">
              {tr.nom} ({tr.departement})
            </th>
            <td>
              {tr.periode
                ? `${tr.periode.enCours ? 'En cours : ' : 'Prochaine : '}du ${formaterDate(tr.periode.du)} au ${formaterDate(tr.periode.au)}`
                : tr.treveNonConfiguree
                  ? 'Non fixée par arrêté préfectoral'
                  : 'Aucune'}
            </td>
            <td>
              {tr.source === 'arrete_prefectoral' ? 'Arrêté préfectoral' : 'L412-6 (1er novembre – 31 mars)'}
            </td>
            <td>{tr.periode ? tr.demandesConcernees : '—'}</td>
          </tr>
        ))}
      </Tableau>

      {t.menagesPrioritairesDalo ? (
        <>
          <h3>Ménages prioritaires DALO au stade du concours</h3>
          {t.menagesPrioritairesDalo.nombre === 0 ? (
            <p>Aucun ménage prioritaire DALO parmi les demandes en cours.</p>
          ) : (
            <Tableau
              titre={`Ménages prioritaires DALO (${t.menagesPrioritairesDalo.nombre})`}
              entetes={['Dossier', 'Ménage', 'Étape', 'Demande', 'Offres de relogement', 'Source']}
            >
              {t.menagesPrioritairesDalo.elements.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/cfp/${m.id}`}>{m.dossier.numero}</Link>
                  </td>
                  <td>{m.dossier.nomPrincipal}</td>
                  <td>{libelle(LIBELLES_STATUT_INSTRUCTION_CFP, m.statut)}</td>
                  <td>{formaterDate(m.dateDemande)}</td>
                  <td>{m.offresRelogement ?? '—'}</td>
                  <td>{m.source === 'verification_sociale' ? 'Vérification sociale' : 'Dossier'}</td>
                </tr>
              ))}
            </Tableau>
          )}
        </>
      ) : null}
    </section>
  );
}
