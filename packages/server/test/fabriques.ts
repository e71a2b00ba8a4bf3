import type { NouveauDossier } from '@exploc/domain/schemas/dossier';

/** Test-data factories shared by the server's tests (no fixtures copied between files). */
export function nouveauDossier(modifications: Partial<NouveauDossier> = {}): NouveauDossier {
  return {
    menage: {
      personnes: [
        { nom: 'Lefèvre', prenoms: 'Hélène', dateNaissance: '1984-03-12', role: 'titulaire' },
        { nom: 'Lefèvre', prenoms: 'Noé', dateNaissance: '2012-06-01', role: 'occupant' },
      ],
      telephone: '06 12 34 56 78',
      email: 'helene.lefevre@exemple.fr',
      allocataire: { organisme: 'caf', numero: '1234567' },
    },
    logement: {
      adresse: { ligne: '12 rue des Lilas', codePostal: '75018', codeInsee: '75118' },
      social: true,
    },
    bail: {
      dateSignature: '2024-02-15',
      dateDernierRenouvellement: null,
      loyerMensuelHC: 650,
      chargesMensuelles: 80,
    },
    bailleur: { type: 'personne_morale', nom: 'Habitat Social Francilien (démo)', siret: '00000000000018' },
    prioritaireDalo: false,
    relogementAssure: false,
    ...modifications,
  };
}

export function dossierEn93(): NouveauDossier {
  return nouveauDossier({
    menage: {
      personnes: [{ nom: 'Diallo', prenoms: 'Mamadou', dateNaissance: '1979-11-02', role: 'titulaire' }],
    },
    logement: {
      adresse: { ligne: '4 allée des Tilleuls', codePostal: '93340', codeInsee: '93062' },
      social: false,
    },
    bailleur: { type: 'personne_physique', nom: 'M. Bernard Durand' },
  });
}

/** A multipart/form-data body with one file field, for app.inject. */
export function corpsMultipart(
  fichier: { nom: string; type: string; octets: Buffer },
  champs: Record<string, string> = {},
) {
  const frontiere = `----exploc${Math.random().toString(16).slice(2)}`;
  const morceaux: Buffer[] = [];
  for (const [k, v] of Object.entries(champs)) {
    morceaux.push(
      Buffer.from(`--${frontiere}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
  }
  morceaux.push(
    Buffer.from(
      `--${frontiere}\r\nContent-Disposition: form-data; name="fichier"; filename="${fichier.nom}"\r\nContent-Type: ${fichier.type}\r\n\r\n`,
    ),
    fichier.octets,
    Buffer.from(`\r\n--${frontiere}--\r\n`),
  );
  return {
    payload: Buffer.concat(morceaux),
    headers: { 'content-type': `multipart/form-data; boundary=${frontiere}` },
  };
}

export const PDF_MINIMAL = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
