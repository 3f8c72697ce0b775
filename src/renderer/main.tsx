// Renderer entry: pick the transport, build the store and session outside React, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/index.ts';
import { App } from './components/App.tsx';
import { ChainSession } from './stores/chain-session.ts';
import { startFrameReports } from './stores/frame-reporter.ts';
import { createScreenStore } from './stores/screen-store.ts';
import './styles.css';

const api = createApi();
const store = createScreenStore(api.host, api.connection());
const session = new ChainSession(api, store);
// The latency figure's raw samples, read by bench/tick-to-screen (read-only diagnostics).
Object.assign(globalThis, { optickLatency: session.latency });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App api={api} store={store} session={session} />
  </StrictMode>,
);
void session.start();
// The engine times deltas to this screen's frames (stores/frame-reporter.ts).
startFrameReports((report) => api.call('chain.frame_clock', report));
