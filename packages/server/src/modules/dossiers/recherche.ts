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

const ABREVIATIONS: Record<string, string> = {
  bd: 'boulevard',
  bld: 'boulevard',
  av: 'avenue',
  ave: 'avenue',
  pl: 'place',
  imp: 'impasse',
  all: 'allee',
  rte: 'route',
  sq: 'square',
  fg: 'faubourg',
  st: 'saint',
  ste: 'sainte',
};

/** Normalised address: no accents or punctuation, common abbreviations expanded. */
export function normaliserAdresse(adresse: string): string {
  return normaliserRecherche(adresse.replace(/[,.'’-]/g, ' '))
    .split(' ')
    .map((m) => ABREVIATIONS[m] ?? m)
    .join(' ');
}

/**
 * The lease key used to attach a partner's act to an existing dossier (contracts/api.md): INSEE code,
 * normalised address, titulaire's name and first given name.
 */
export function cleRapprochement(codeInsee: string, adresse: string, nom: string, prenoms: string): string {
  const premierPrenom = normaliserRecherche(prenoms).split(' ')[0] ?? '';
  return [
    codeInsee,
    normaliserAdresse(adresse),
    normaliserRecherche(nom.replace(/-/g, ' ')),
    premierPrenom,
  ].join('|');
}
