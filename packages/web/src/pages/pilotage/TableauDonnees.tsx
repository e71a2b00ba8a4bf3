import { fr } from '@codegouvfr/react-dsfr';
import type { ReactNode } from 'react';

/**
 * A DSFR data table with column headers and row headers (`<th scope="row">` on the first cell): every
 * chart of the steering pages is followed by one (RGAA 1.x: the data of an image are available as text).
 */
export function TableauDonnees({
  titre,
  entetes,
  lignes,
  titreCache = false,
}: {
  titre: string;
  entetes: string[];
  lignes: { cle: string; cellules: ReactNode[] }[];
  /** The caption stays for screen readers only, when a heading just above says the same. */
  titreCache?: boolean;
}) {
  return (
    <div className={fr.cx('fr-table', 'fr-table--bordered', titreCache && 'fr-table--no-caption')}>
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
        <tbody>
          {lignes.map((l) => (
            <tr key={l.cle}>
              {l.cellules.map((c, k) =>
                k === 0 ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of a row have no identity of their own
                  <th key={k} scope="row">
                    {c}
                  </th>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of a row have no identity of their own
                  <td key={k}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
