// Screen layout: header, the chain in the main area (room is left for charts, alerts,
// trading hours and the calculator as side panels later), status bar at the bottom.
import { useStore } from 'zustand';
import type { ChainSession } from '../stores/chain-session.ts';
import type { ScreenStore } from '../stores/screen-store.ts';
import { Header } from './Header.tsx';
import { OptionChainGrid } from './OptionChainGrid.tsx';
import { StatusBar } from './StatusBar.tsx';

export function App({ store, session }: { store: ScreenStore; session: ChainSession }) {
  // With the link down every figure on screen is frozen: say so by greying the chain out.
  const linkDown = useStore(store, (s) => s.connection.state !== 'open');
  return (
    <div className={linkDown ? 'app link-down' : 'app'}>
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
