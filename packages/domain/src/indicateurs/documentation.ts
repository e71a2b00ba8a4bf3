/**
 * docs/pilotage/indicateurs.md is generated from the catalogue (`documenterIndicateurs`), so the
 * documentation cannot drift from the definitions (a server test compares them).
 */
import { INDICATEURS, LIBELLES_THEMES, LIBELLES_UNITES, THEMES } from './catalogue.js';
import { DEFINITIONS_NATURES_DERIVEES, NATURES_DERIVEES } from './faits.js';

const ENTETE = `# Indicateurs de pilotage

> Fichier généré depuis \`packages/domain/src/indicateurs/catalogue.ts\` (\`npx tsx --conditions=source scripts/documenter-indicateurs.ts\`) : ne pas le modifier à la main.

Les indicateurs sont définis une seule fois, dans le catalogue du domaine ; le serveur (module \`pilotage\`), les tableaux de bord, les exports, le rapport mensuel et les données ouvertes en dérivent tous.

## Règles communes

- **Faits comptés.** Chaque indicateur compte des *faits* : un acte ou un événement de la chronologie d’un dossier, tel qu’enregistré, ou un fait dérivé de la chronologie (premier impayé connu, refus implicite de concours, audience, délai entre deux étapes ; voir plus bas).
- **Événements corrigés.** Un événement remplacé par une correction (un autre événement le désigne dans \`remplace_id\`) ne compte jamais ; seule la correction compte, à sa propre date.
- **Période.** Un fait compte dans la période \`du\`–\`au\` quand sa date (celle que précise chaque indicateur) est comprise entre ces deux dates, **bornes incluses**. Une période qui dépasse aujourd’hui est arrêtée à aujourd’hui : un refus implicite ou une audience à venir ne comptent pas encore.
- **Territoire.** Un fait compte dans le territoire du logement de son dossier : commune, arrondissement, département, région, France. Un dossier ne change jamais de département ; une correction de commune (erreur de saisie) vaut pour toute la chronologie du dossier.
- **Type de bailleur et parc.** Les filtres « type de bailleur » (personne physique, SCI familiale, personne morale) et « parc » (social, privé) portent sur le bailleur et le logement actuels du dossier.
- **Évolution.** Chaque valeur est comparée à la même période un an plus tôt (la trêve hivernale rend les mois successifs incomparables) : variation en % pour les nombres et montants, écart en points pour les taux, en jours pour les délais.
- **Montants** en euros (deux décimales) ; **taux** en %, arrondis au dixième, sans valeur quand le dénominateur est nul ; **médianes** continues, arrondies au dixième de jour, sans valeur sans délai dans la période.

## Accès

- Profil **pilotage national** : France, régions, départements, arrondissements ; jamais une commune ni un dossier. Aucune personne n’est nommée dans un indicateur.
- Profils **départementaux** (préfecture, DDETS, DDT, administrateur départemental) : leur(s) département(s), leurs arrondissements et communes ; le lien vers les dossiers correspondants n’est proposé qu’aux profils qui peuvent lire les dossiers.
- **Sous-préfecture** : son ou ses arrondissements et leurs communes.
- Un territoire connu hors du périmètre est refusé (HTTP 403 \`acces_refuse\` : les territoires sont publics, rien n’est révélé) ; un code de territoire inconnu donne 404 \`introuvable\`.
`;

export function documenterIndicateurs(): string {
  const morceaux = [ENTETE];
  for (const theme of THEMES) {
    morceaux.push(`\n## ${LIBELLES_THEMES[theme]}\n`);
    for (const i of INDICATEURS.filter((x) => x.theme === theme)) {
      const indisponible = i.calcul.mesure === 'indisponible' ? i.calcul.raison : null;
      morceaux.push(
        [
          `\n### ${i.libelle} — \`${i.code}\`\n`,
          `- **Définition** : ${i.definition}`,
          `- **Règle de comptage** : ${i.comptage}`,
          `- **Unité** : ${LIBELLES_UNITES[i.unite]}`,
          `- **Source** : ${i.source}`,
          ...(indisponible
            ? [`- **Non disponible** : ${indisponible} Aucune valeur n’est affichée ni exportée.`]
            : []),
          '',
        ].join('\n'),
      );
    }
  }
  morceaux.push('\n## Faits dérivés de la chronologie\n');
  for (const n of NATURES_DERIVEES) {
    const d = DEFINITIONS_NATURES_DERIVEES[n];
    morceaux.push(
      `\n### \`${n}\`\n\n- ${d.definition}\n- Date : ${d.date}.${d.valeur ? `\n- Valeur : ${d.valeur}.` : ''}\n`,
    );
  }
  return morceaux.join('');
}
