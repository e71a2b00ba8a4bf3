export function Chargement({ texte = 'Chargement en cours…' }: { texte?: string }) {
  return (
    <p role="status" aria-live="polite">
      {texte}
    </p>
  );
}
