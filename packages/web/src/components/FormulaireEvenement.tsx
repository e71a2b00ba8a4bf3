import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { LIBELLES_TYPE_EVENEMENT } from '@exploc/domain/procedure/libelles';
import { TYPES_EVENEMENT, type TypeEvenement } from '@exploc/domain/procedure/scenario';
import { type FormEvent, useId, useState } from 'react';
import { champsVisibles, versChampsJson } from './champsEvenement';

export interface EvenementSoumis {
  type: TypeEvenement;
  date: string;
  [champ: string]: unknown;
}

/** One form for every event type, with the fields of the chosen type; errors shown next to each field. */
export function FormulaireEvenement({
  typesProposes = TYPES_EVENEMENT,
  typeInitial,
  dateMax,
  avecCommentaire = true,
  erreurs = {},
  libelleBouton = 'Enregistrer',
  surSoumission,
  surAnnulation,
}: {
  typesProposes?: readonly TypeEvenement[];
  typeInitial?: TypeEvenement;
  dateMax?: string;
  avecCommentaire?: boolean;
  erreurs?: Record<string, string>;
  libelleBouton?: string;
  surSoumission: (e: EvenementSoumis) => void | Promise<void>;
  surAnnulation?: () => void;
}) {
  const id = useId();
  const [type, setType] = useState<TypeEvenement | ''>(typeInitial ?? '');
  const [date, setDate] = useState('');
  const [valeurs, setValeurs] = useState<Record<string, string | boolean>>({});
  const [commentaire, setCommentaire] = useState('');
  const [erreursLocales, setErreursLocales] = useState<Record<string, string>>({});
  const tous = { ...erreursLocales, ...erreurs };
  const etat = (champ: string) =>
    tous[champ] ? { state: 'error' as const, stateRelatedMessage: tous[champ] } : {};

  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    const locales: Record<string, string> = {};
    if (!type) locales.type = 'Choisissez le type d’acte ou d’événement';
    if (!date) locales.date = 'Indiquez la date';
    if (type) {
      for (const c of champsVisibles(type, valeurs)) {
        if (c.requis && (valeurs[c.nom] === undefined || valeurs[c.nom] === ''))
          locales[c.nom] = 'Ce champ est obligatoire';
      }
    }
    setErreursLocales(locales);
    if (Object.keys(locales).length > 0 || !type) return;
    await surSoumission({
      type,
      date,
      ...versChampsJson(type, valeurs),
      ...(avecCommentaire && commentaire.trim() ? { commentaire: commentaire.trim() } : {}),
    });
  };

  return (
    <form onSubmit={soumettre} noValidate aria-label="Enregistrer un acte ou un événement">
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-8')}>
          <Select
            label="Type d’acte ou d’événement"
            {...etat('type')}
            nativeSelectProps={{
              id: `${id}-type`,
              value: type,
              onChange: (e) => {
                setType(e.target.value as TypeEvenement);
                setValeurs({});
              },
            }}
          >
            <option value="" disabled>
              Choisir
            </option>
            {typesProposes.map((t) => (
              <option key={t} value={t}>
                {LIBELLES_TYPE_EVENEMENT[t]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Date"
            {...etat('date')}
            nativeInputProps={{
              type: 'date',
              value: date,
              max: dateMax,
              onChange: (e) => setDate(e.target.value),
            }}
          />
        </div>
        {type
          ? champsVisibles(type, valeurs).map((c) => (
              <div key={c.nom} className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                {c.genre === 'choix' ? (
                  <Select
                    label={c.libelle}
                    {...etat(c.nom)}
                    nativeSelectProps={{
                      value: String(valeurs[c.nom] ?? ''),
                      onChange: (e) => setValeurs({ ...valeurs, [c.nom]: e.target.value }),
                    }}
                  >
                    <option value="">{c.requis ? 'Choisir' : 'Non précisé'}</option>
                    {c.options?.map((o) => (
                      <option key={o.valeur} value={o.valeur}>
                        {o.libelle}
                      </option>
                    ))}
                  </Select>
                ) : c.genre === 'case' ? (
                  <Checkbox
                    options={[
                      {
                        label: c.libelle,
                        nativeInputProps: {
                          checked: valeurs[c.nom] === true,
                          onChange: (e) => setValeurs({ ...valeurs, [c.nom]: e.target.checked }),
                        },
                      },
                    ]}
                  />
                ) : (
                  <Input
                    label={c.libelle}
                    {...etat(c.nom)}
                    nativeInputProps={{
                      type: c.genre === 'date' ? 'date' : 'text',
                      inputMode:
                        c.genre === 'montant' ? 'decimal' : c.genre === 'entier' ? 'numeric' : undefined,
                      value: String(valeurs[c.nom] ?? ''),
                      onChange: (e) => setValeurs({ ...valeurs, [c.nom]: e.target.value }),
                    }}
                  />
                )}
              </div>
            ))
          : null}
        {avecCommentaire ? (
          <div className={fr.cx('fr-col-12')}>
            <Input
              label="Commentaire (facultatif)"
              textArea
              nativeTextAreaProps={{
                value: commentaire,
                onChange: (e) => setCommentaire(e.target.value),
                rows: 2,
              }}
            />
          </div>
        ) : null}
      </div>
      <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md')}>
        <li>
          <Button type="submit">{libelleBouton}</Button>
        </li>
        {surAnnulation ? (
          <li>
            <Button type="button" priority="secondary" onClick={surAnnulation}>
              Annuler
            </Button>
          </li>
        ) : null}
      </ul>
    </form>
  );
}
