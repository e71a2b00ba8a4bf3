import { fr } from '@codegouvfr/react-dsfr';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { colonne, type PropsChamps } from './champs';

/**
 * The dwelling's and the lease's fields, inside a DSFR grid row: for a new dossier and for a landlord's CCAPEX
 * saisine. `social` holds 'oui' or 'non'.
 */
export function ChampsAdresseLogement({
  valeurs: c,
  maj,
  etat,
  libelleAdresse,
}: PropsChamps<'ligne' | 'codePostal' | 'codeInsee' | 'social'> & { libelleAdresse: string }) {
  const choisirSocial = (v: 'oui' | 'non') => () => maj('social')({ target: { value: v } });
  return (
    <>
      <div className={colonne(6)}>
        <Input
          label={libelleAdresse}
          hintText="Numéro et voie"
          {...etat('ligne')}
          nativeInputProps={{ value: c.ligne, onChange: maj('ligne') }}
        />
      </div>
      <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
        <Input
          label="Code postal *"
          {...etat('codePostal')}
          nativeInputProps={{ inputMode: 'numeric', value: c.codePostal, onChange: maj('codePostal') }}
        />
      </div>
      <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
        <Input
          label="Code INSEE de la commune *"
          hintText="Exemple : 75118 pour Paris 18e"
          {...etat('codeInsee')}
          nativeInputProps={{ value: c.codeInsee, onChange: maj('codeInsee') }}
        />
      </div>
      <div className={colonne(12)}>
        <RadioButtons
          legend="Logement social *"
          orientation="horizontal"
          options={[
            {
              label: 'Oui',
              nativeInputProps: { checked: c.social === 'oui', onChange: choisirSocial('oui') },
            },
            {
              label: 'Non',
              nativeInputProps: { checked: c.social === 'non', onChange: choisirSocial('non') },
            },
          ]}
        />
      </div>
    </>
  );
}

/** The lease's dates: signature (required) and last renewal. */
export function ChampsDatesBail({
  valeurs: c,
  maj,
  etat,
  libelleSignature,
  largeur,
}: PropsChamps<'dateSignature' | 'dateDernierRenouvellement'> & {
  libelleSignature: string;
  largeur: 3 | 6;
}) {
  return (
    <>
      <div className={colonne(largeur)}>
        <Input
          label={libelleSignature}
          {...etat('dateSignature')}
          nativeInputProps={{ type: 'date', value: c.dateSignature, onChange: maj('dateSignature') }}
        />
      </div>
      <div className={colonne(largeur)}>
        <Input
          label="Dernier renouvellement"
          {...etat('dateDernierRenouvellement')}
          nativeInputProps={{
            type: 'date',
            value: c.dateDernierRenouvellement,
            onChange: maj('dateDernierRenouvellement'),
          }}
        />
      </div>
    </>
  );
}

/** The monthly rent (excluding charges) and charges, in euros. */
export function ChampsLoyer({
  valeurs: c,
  maj,
  etat,
  largeur,
}: PropsChamps<'loyer' | 'charges'> & { largeur: 3 | 6 }) {
  return (
    <>
      <div className={colonne(largeur)}>
        <Input
          label="Loyer mensuel hors charges (€) *"
          {...etat('loyer')}
          nativeInputProps={{ inputMode: 'decimal', value: c.loyer, onChange: maj('loyer') }}
        />
      </div>
      <div className={colonne(largeur)}>
        <Input
          label="Charges mensuelles (€) *"
          {...etat('charges')}
          nativeInputProps={{ inputMode: 'decimal', value: c.charges, onChange: maj('charges') }}
        />
      </div>
    </>
  );
}
