import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { LIBELLES_PHASE } from '@exploc/domain/procedure/libelles';
import { libelle } from './format';

const SEVERITE: Record<string, 'info' | 'warning' | 'error' | 'success' | 'new'> = {
  prevention: 'info',
  commandement: 'new',
  assignation: 'warning',
  decision: 'warning',
  commandement_quitter_lieux: 'error',
  concours_force_publique: 'error',
  cloture: 'success',
};

export function BadgePhase({ phase }: { phase: string }) {
  return (
    <Badge severity={SEVERITE[phase] ?? 'info'} small noIcon>
      {libelle(LIBELLES_PHASE, phase)}
    </Badge>
  );
}
