import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { LIBELLES_STATUT_INSTRUCTION_CFP } from '@exploc/domain/schemas/cfp';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { baseCfp, type InstructionCfp } from '../../api/cfp';
import { lire } from '../../api/client';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { formaterDate, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';
import { TableauDeBordCfp } from './TableauDeBordCfp';

/** Implicit refusal within a week: the préfet must decide now or the State's liability starts (R154-1). */
const aDeciderCetteSemaine = (i: InstructionCfp) =>
  i.joursAvantRefusImplicite !== null && i.joursAvantRefusImplicite >= 0 && i.joursAvantRefusImplicite <= 7;

export function PageCfp() {
  const { data: utilisateur } = useUtilisateur();
  const permissions = new Set(utilisateur?.permissions.map((p) => p.code));
  const base = baseCfp(permissions);
  const liste = useQuery({
    queryKey: ['cfp', base],
    queryFn: () => lire<{ elements: InstructionCfp[] }>(base),
    enabled: utilisateur !== undefined,
  });
  const urgentes = liste.data?.elements.filter(aDeciderCetteSemaine) ?? [];
  const instruit = permissions.has('cfp.instruire');
  return (
    <>
      <Titre sousTitre="Demandes en cours d’instruction, les plus proches du refus implicite d’abord (CPCE R153-1).">
        Concours de la force publique
      </Titre>
      {instruit ? <TableauDeBordCfp /> : null}
      {instruit ? <h2>Toutes les demandes</h2> : null}
      {liste.isPending ? (
        <Chargement />
      ) : liste.isError ? (
        <Alert severity="error" small description="Impossible de charger les demandes de concours." />
      ) : liste.data.elements.length === 0 ? (
        <p>Aucune demande de concours dans votre périmètre.</p>
      ) : (
        <>
          {urgentes.length > 0 ? (
            <Alert
              className={fr.cx('fr-mb-3w')}
              severity="warning"
              title={`${urgentes.length} décision${urgentes.length > 1 ? 's' : ''} à prendre cette semaine`}
              description="Sans décision explicite, le silence vaut refus et engage la responsabilité de l’État."
            />
          ) : null}
          <div className={fr.cx('fr-table')}>
            <table>
              <caption>Demandes de concours</caption>
              <thead>
                <tr>
                  <th scope="col">Dossier</th>
                  <th scope="col">Ménage</th>
                  <th scope="col">Étape</th>
                  <th scope="col">Demande</th>
                  <th scope="col">Refus implicite</th>
                  <th scope="col">Unité</th>
                </tr>
              </thead>
              <tbody>
                {liste.data.elements.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link to={`/cfp/${i.id}`}>{i.dossier.numero}</Link>
                    </td>
                    <td>{i.dossier.nomPrincipal}</td>
                    <td>
                      {libelle(LIBELLES_STATUT_INSTRUCTION_CFP, i.statut)}
                      {aDeciderCetteSemaine(i) ? (
                        <Badge severity="warning" small noIcon className={fr.cx('fr-ml-1w')}>
                          Cette semaine
                        </Badge>
                      ) : null}
                    </td>
                    <td>
                      {formaterDate(i.dateDemande)} ({i.ageJours} j)
                    </td>
                    <td>
                      {i.dateRefusImplicite ? formaterDate(i.dateRefusImplicite) : '—'}
                      {i.joursAvantRefusImplicite !== null && i.joursAvantRefusImplicite >= 0
                        ? ` (dans ${i.joursAvantRefusImplicite} j)`
                        : ''}
                    </td>
                    <td>{i.unite?.nom ?? 'Non désignée'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
