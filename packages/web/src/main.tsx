import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { activerMessagesFrancais } from '@exploc/domain/schemas/zod-fr';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link } from 'react-router';
import { prechargerSelonAdresse, Routes as RoutesExploc } from './Routes';
import './impression.css';

startReactDsfr({ defaultColorScheme: 'system', Link });
activerMessagesFrancais();

declare module '@codegouvfr/react-dsfr/spa' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

const client = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

prechargerSelonAdresse(client, window.location.pathname);

const racine = document.getElementById('racine');
if (racine) {
  createRoot(racine).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <BrowserRouter>
          <RoutesExploc />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
