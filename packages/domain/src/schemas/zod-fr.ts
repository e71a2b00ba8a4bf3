import { z } from 'zod';

/** French messages for every zod error, on the server and in the web app. */
export function activerMessagesFrancais(): void {
  z.config(z.locales.fr());
}
