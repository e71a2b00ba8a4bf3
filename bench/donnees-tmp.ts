import { evaluerProcedure } from '@exploc/domain/procedure/evaluer';
import { validerChronologie } from '@exploc/domain/procedure/transitions';
import { lireScenario } from '@exploc/domain/procedure/valider-scenario';
import { texteDeRecherche } from '../packages/server/src/modules/dossiers/recherche.js';

const s = {
  asOf: '2026-09-15',
  departement: '93',
  departementConfig: null,
  bail: {
    dateSignature: '2019-03-01',
    dateDernierRenouvellement: null,
    bailleur: { type: 'personne_morale', logementSocial: true },
    loyerMensuelHC: 612.4,
    chargesMensuelles: 95.1,
  },
  menage: { prioritaireDalo: false, relogementAssure: false },
  evenements: [
    { type: 'impaye_constitue', date: '2024-09-05', montantDette: 1415 },
    { type: 'saisine_ccapex', date: '2024-11-20', origine: 'bailleur' },
    { type: 'commandement_de_payer', date: '2025-01-10', montantDette: 3200, moisImpayes: 5 },
    { type: 'assignation', date: '2025-03-03', dateAudience: '2025-05-20' },
    { type: 'notification_assignation_prefet', date: '2025-03-05' },
    { type: 'saisine_dsf', date: '2025-03-10' },
    { type: 'decision_justice', date: '2025-07-01', sens: 'resiliation_expulsion' },
    { type: 'signification_decision', date: '2025-07-15' },
    { type: 'commandement_quitter_lieux', date: '2025-07-22' },
    { type: 'information_prefet_cql', date: '2025-07-24' },
  ],
};
function m(nom: string, f: () => unknown) {
  for (let i = 0; i < 20000; i++) f();
  const t = performance.now();
  const n = 100000;
  for (let i = 0; i < n; i++) f();
  console.log(nom, (((performance.now() - t) * 1000) / n).toFixed(2), 'µs');
}
m('lireScenario', () => lireScenario(s));
m('validerChronologie', () => validerChronologie(s.evenements as never));
m('evaluer', () => evaluerProcedure(s as never));
m('recherche', () =>
  texteDeRecherche({
    numero: '2025-93-000123',
    personnes: [
      { nom: 'Lefèvre', prenoms: 'Hélène Marie' },
      { nom: 'Lefèvre', prenoms: 'Noé' },
    ],
    adresse: '12 rue Émile Zola',
    codePostal: '93200',
    commune: 'Saint-Denis',
    bailleur: 'Seine-Saint-Denis Habitat',
  }),
);
m('json', () => JSON.stringify({ dateAudience: '2025-05-20' }));
