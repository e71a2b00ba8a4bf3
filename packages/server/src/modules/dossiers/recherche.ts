/** Lower case, no accents, single spaces: the form in which search text is stored and queried. */
export function normaliserRecherche(texte: string): string {
  return texte
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9@.\- ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function texteDeRecherche(d: {
  numero: string;
  personnes: { nom: string; prenoms: string }[];
  adresse: string;
  codePostal: string;
  commune: string;
  bailleur: string;
}): { texte: string; noms: string } {
  const noms = d.personnes.map((p) => `${p.nom} ${p.prenoms}`).join(' ');
  return {
    texte: normaliserRecherche([d.numero, noms, d.adresse, d.codePostal, d.commune, d.bailleur].join(' ')),
    noms: normaliserRecherche(noms),
  };
}
