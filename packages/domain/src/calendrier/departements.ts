/** Codes of the départements the contract accepts: 01–19, 2A, 2B, 21–95, 971–974, 976. */

function codesDeA(de: number, a: number): string[] {
  const codes: string[] = [];
  for (let n = de; n <= a; n++) codes.push(String(n).padStart(2, '0'));
  return codes;
}

export const CODES_DEPARTEMENT: readonly [string, ...string[]] = [
  '01',
  ...codesDeA(2, 19),
  '2A',
  '2B',
  ...codesDeA(21, 95),
  '971',
  '972',
  '973',
  '974',
  '976',
];

export type CodeDepartement = string;

/** Guadeloupe, Martinique, Guyane, La Réunion, Mayotte: the préfet sets the truce (CPCE L412-6 al. 3). */
export function estOutreMer(departement: CodeDepartement): boolean {
  return departement.length === 3;
}

/** Moselle, Bas-Rhin, Haut-Rhin keep Good Friday and 26 December (code du travail, art. L3134-13). */
export function estAlsaceMoselle(departement: CodeDepartement): boolean {
  return departement === '57' || departement === '67' || departement === '68';
}
