import { useEffect } from 'react';

/** The page's h1 and document title (RGAA 8.5, 8.6: each page has a relevant title). */
export function Titre({ children, sousTitre }: { children: string; sousTitre?: string }) {
  useEffect(() => {
    document.title = `${children} — Exploc`;
  }, [children]);
  return (
    <>
      <h1>{children}</h1>
      {sousTitre ? <p className="fr-text--lead">{sousTitre}</p> : null}
    </>
  );
}
