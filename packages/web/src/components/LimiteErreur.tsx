import { Component, type ReactNode } from 'react';
import { PageErreur } from '../pages/erreurs/PagesErreur';

/** Shows the error page instead of a blank screen when a page throws. */
export class LimiteErreur extends Component<{ children: ReactNode }, { erreur: Error | null }> {
  override state = { erreur: null as Error | null };

  static getDerivedStateFromError(erreur: Error) {
    return { erreur };
  }

  override render() {
    return this.state.erreur ? <PageErreur message={this.state.erreur.message} /> : this.props.children;
  }
}
