/** The CFP instruction as the API returns it (GET /api/v1/cfp/:id and /api/v1/cfp/enquetes/:id). */
export interface InstructionCfp {
  id: string;
  dossier: {
    id: string;
    numero: string;
    nomPrincipal: string;
    adresse: { ligne: string; codePostal: string; commune: string };
  };
  statut: string;
  dateDemande: string;
  ageJours: number;
  dateRefusImplicite: string | null;
  joursAvantRefusImplicite: number | null;
  unite: { id: string; nom: string | null } | null;
  enquete: {
    dateVisite: string | null;
    contactEtabli: boolean | null;
    compositionMenage: string | null;
    risqueOrdrePublic: string | null;
    observations: string | null;
    enregistreeLe: string;
  } | null;
  verificationSociale: {
    prioritaireDalo: boolean | null;
    offresRelogement: number | null;
    avisCcapex: string | null;
    dsf: string | null;
    observations: string | null;
    propositionSens: string | null;
    propositionMotifs: string[];
    enregistreeLe: string;
  } | null;
  decision: { sens: string; date: string | null; motifs: string[] | null; texte: string | null } | null;
  refusImpliciteConstateLe: string | null;
  execution: {
    dateOperation: string | null;
    effectifs: number | null;
    servicesSociauxInformes: boolean | null;
    servicesSociauxInformesLe: string | null;
    issue: string | null;
    dateIssue: string | null;
    pvRecuLe: string | null;
  } | null;
  version: number;
}

/** Police read their unit's requests through their own routes, which never carry the social check. */
export const baseCfp = (permissions: ReadonlySet<string>) =>
  permissions.has('cfp.instruire') ? '/api/v1/cfp' : '/api/v1/cfp/enquetes';
