import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import type { ReactNode } from 'react';
import { colonne, type PropsChamps } from './champs';

export type ChampMenage =
  | 'nom'
  | 'prenoms'
  | 'dateNaissance'
  | 'telephone'
  | 'email'
  | 'allocataireOrganisme'
  | 'allocataireNumero';

/**
 * The household's fields (lease holder, contact, family allowance), inside a DSFR grid row: for a new dossier and
 * for a landlord's CCAPEX saisine. `children` go after the date of birth (e.g. the co-holder's fields).
 */
export function ChampsMenage({
  valeurs: c,
  maj,
  etat,
  libelleNom,
  children,
}: PropsChamps<ChampMenage> & { libelleNom: string; children?: ReactNode }) {
  return (
    <>
      <div className={colonne(4)}>
        <Input
          label={libelleNom}
          {...etat('nom')}
          nativeInputProps={{ value: c.nom, onChange: maj('nom'), autoComplete: 'off' }}
        />
      </div>
      <div className={colonne(4)}>
        <Input
          label="Prénoms *"
          {...etat('prenoms')}
          nativeInputProps={{ value: c.prenoms, onChange: maj('prenoms') }}
        />
      </div>
      <div className={colonne(4)}>
        <Input
          label="Date de naissance"
          {...etat('dateNaissance')}
          nativeInputProps={{ type: 'date', value: c.dateNaissance, onChange: maj('dateNaissance') }}
        />
      </div>
      {children}
      <div className={colonne(6)}>
        <Input
          label="Téléphone"
          {...etat('telephone')}
          nativeInputProps={{ type: 'tel', value: c.telephone, onChange: maj('telephone') }}
        />
      </div>
      <div className={colonne(6)}>
        <Input
          label="Adresse électronique"
          {...etat('email')}
          nativeInputProps={{ type: 'email', value: c.email, onChange: maj('email') }}
        />
      </div>
      <div className={colonne(6)}>
        <Select
          label="Allocataire"
          nativeSelectProps={{ value: c.allocataireOrganisme, onChange: maj('allocataireOrganisme') }}
        >
          <option value="">Non allocataire ou inconnu</option>
          <option value="caf">CAF</option>
          <option value="msa">MSA</option>
        </Select>
      </div>
      <div className={colonne(6)}>
        <Input
          label="Numéro d’allocataire"
          {...etat('allocataireNumero')}
          disabled={!c.allocataireOrganisme}
          nativeInputProps={{ value: c.allocataireNumero, onChange: maj('allocataireNumero') }}
        />
      </div>
    </>
  );
}
