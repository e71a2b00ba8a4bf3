export async function lireEntreeStandard(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const morceaux: Buffer[] = [];
  for await (const m of process.stdin) morceaux.push(m as Buffer);
  return Buffer.concat(morceaux).toString('utf8');
}
