import { fr } from '@codegouvfr/react-dsfr';
import type { ReactNode } from 'react';

/** A DSFR fieldset with its legend, its fields laid out in a grid row with gutters. */
export function GroupeDeChamps({ legende, children }: { legende: string; children: ReactNode }) {
  return (
    <fieldset className={fr.cx('fr-fieldset')}>
      <legend className={fr.cx('fr-fieldset__legend')}>{legende}</legend>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-col-12')}>{children}</div>
    </fieldset>
  );
}
