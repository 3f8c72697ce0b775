// Screen layout: header, the chain in the main area (room is left for charts, alerts,
// trading hours and the calculator as side panels later), status bar at the bottom.
import type { ChainSession } from '../stores/chain-session.ts';
import type { ScreenStore } from '../stores/screen-store.ts';
import { Header } from './Header.tsx';
import { OptionChainGrid } from './OptionChainGrid.tsx';
import { StatusBar } from './StatusBar.tsx';

export function App({ store, session }: { store: ScreenStore; session: ChainSession }) {
  return (
    <div className="app">
      <Header store={store} session={session} />
      <main className="workspace">
        <section className="panel chain-panel">
          <OptionChainGrid session={session} />
        </section>
      </main>
      <StatusBar store={store} />
    </div>
  );
}
