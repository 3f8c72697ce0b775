// Screen layout: header, the workstation (the chain dominant; a dock of panels beside or below
// it; settings as a sheet), status bar at the bottom. Panels get the api, store and session
// from here; the chain grid is created once and is never re-rendered by a panel change.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { AlertLogEntry } from '../../shared/alerts.ts';
import type { Transport } from '../api/transport.ts';
import type { ChainSession } from '../stores/chain-session.ts';
import type { ScreenStore } from '../stores/screen-store.ts';
import { AlertsModel, browserNotifications } from './alerts/alerts-store.ts';
import { AlertsPanel } from './alerts/AlertsPanel.tsx';
import { installChainActions } from './alerts/chain-actions.ts';
import { PositionsPanel } from './alerts/PositionsPanel.tsx';
import { PricesPanel } from './prices/PricesPanel.tsx';
import { SignalsPanel } from './signals/SignalsPanel.tsx';
import { TicketPanel } from './ticket/TicketPanel.tsx';
import { showAlertContract } from './alerts/show-contract.ts';
import { AlertToasts } from './alerts/Toasts.tsx';
import { CalculatorPanel } from './calculator/CalculatorPanel.tsx';
import { createOptionPick, pickOption } from './calculator/option-pick.ts';
import type { OptionPickStore } from './calculator/option-pick.ts';
import { createChartsBoard } from './charts/board.ts';
import type { ChartsBoard } from './charts/board.ts';
import { ChartsPanel } from './charts/ChartsPanel.tsx';
import { Header } from './Header.tsx';
import { ExportPanel } from './history/ExportPanel.tsx';
import { ReplayBar } from './history/ReplayBar.tsx';
import { createLayoutStore, openSettings, showTab } from './layout/layout-state.ts';
import type { PanelDef } from './layout/panels.ts';
import { DesktopPanel } from './desktop/DesktopPanel.tsx';
import { Workstation } from './layout/Workstation.tsx';
import { OptionChainGrid } from './OptionChainGrid.tsx';
import { ChainToolbar } from './chain/ChainToolbar.tsx';
import { AtmSetting } from './chain/AtmSetting.tsx';
import { createColumnChoiceStore } from './chain/column-choice.ts';
import { StatusBar } from './StatusBar.tsx';
import { TradingHoursPane } from './trading-hours/TradingHoursPane.tsx';
import { NoticesBanner } from './notices/NoticesBanner.tsx';
import { UpstoxBanner } from './upstox/UpstoxBanner.tsx';
import { UpstoxPanel } from './upstox/UpstoxPanel.tsx';
import { safeLocalStorage } from '../local-storage.ts';

interface Props { api: Transport; store: ScreenStore; session: ChainSession }

/**
 * Dock tabs, in order (Alt+1… opens them; ids are remembered in localStorage).
 * PART (b) — charts, CSV export, replay: replace the placeholder `render` of 'charts' and
 * 'export' with your panels (e.g. `render: () => <ChartsPanel api={api} store={store} />`);
 * add a tab by adding an entry here. A panel fills the dock (flex column, scrolls if taller).
 */
function dockTabs({ api, store, session }: Props, board: ChartsBoard, picks: OptionPickStore, alerts: AlertsModel, openChart: (symbol: string) => void): PanelDef[] {
  return [
    { id: 'charts', title: 'Charts', render: () => <ChartsPanel board={board} screen={store} session={session} /> },
    { id: 'calculator', title: 'Calculator', render: () => <CalculatorPanel api={api} screen={store} picks={picks} /> },
    { id: 'export', title: 'Export & replay', render: () => <ExportPanel api={api} screen={store} charts={board.store} /> },
    { id: 'positions', title: 'Positions', render: () => <PositionsPanel model={alerts} /> },
    { id: 'alerts', title: 'Alerts', render: () => <AlertsPanel model={alerts} /> },
    { id: 'prices', title: 'Prices', render: () => <PricesPanel api={api} screen={store} onChart={openChart} /> },
    { id: 'signals', title: 'Signals', render: () => <SignalsPanel api={api} screen={store} onOpenChart={openChart} /> },
    { id: 'ticket', title: 'Ticket', render: () => <TicketPanel api={api} screen={store} picks={picks} /> },
  ];
}

/**
 * Sections of the settings sheet (Ctrl+, or the ⚙ at the bottom of the rail). The first one
 * opens by default. PART (b) or others: add settings sections here.
 */
function settingsSections({ api, store }: Props): PanelDef[] {
  return [
    { id: 'trading-hours', title: 'Trading hours', render: () => <TradingHoursPane call={(m, r) => api.call(m, r)} /> },
    { id: 'upstox', title: 'Upstox connection', render: () => <UpstoxPanel api={api} store={store} /> },
    // Only the desktop app has these (close to tray, start at login, its local API).
    ...(api.host === 'electron' ? [{ id: 'desktop', title: 'Desktop app', render: () => <DesktopPanel call={(m, r) => api.call(m, r)} /> }] : []),
  ];
}

const DOCK_TAB_IDS = ['charts', 'calculator', 'export', 'positions', 'alerts', 'prices', 'signals', 'ticket'];

export function App({ api, store, session }: Props) {
  // With the link down every figure on screen is frozen: say so by greying the chain out.
  const linkDown = useStore(store, (s) => s.connection.state !== 'open');
  const [layout] = useState(() => createLayoutStore(DOCK_TAB_IDS, safeLocalStorage()));
  const [board] = useState(() => createChartsBoard(api));
  // A chart opened from the chain or the header shows at once: the dock opens on Charts.
  const openChart = useCallback((symbol: string) => { board.open(symbol); showTab(layout, 'charts'); }, [board, layout]);
  const [picks] = useState(() => createOptionPick());
  // A click on an option in the chain: with the calculator on show it fills the calculator;
  // otherwise it charts the option (and the calculator keeps it for "From chain").
  const onOptionClick = useCallback((symbol: string) => {
    const { dock } = layout.getState();
    // The calculator and the order ticket take the click while on show; else it charts.
    const toPanel = dock.open && (dock.tab === 'calculator' || dock.tab === 'ticket');
    pickOption(picks, symbol, toPanel);
    if (!toPanel) openChart(symbol);
  }, [layout, picks, openChart]);
  const reloadCharts = useCallback(() => board.feed.resyncAll(), [board]);
  const [columns] = useState(() => createColumnChoiceStore(safeLocalStorage()));
  const chain = useMemo(() => (
    <section className="panel chain-panel">
      <ChainToolbar store={store} columns={columns}><AtmSetting api={api} /></ChainToolbar>
      <OptionChainGrid session={session} columns={columns} onOpenChart={onOptionClick} />
    </section>
  ), [api, session, columns, store, onOptionClick]);
  const [alerts] = useState(() => new AlertsModel(api, browserNotifications(), safeLocalStorage()));
  // A toast, Web Notification or desktop notification click: the alert's contract on screen.
  const showAlert = useCallback((entry: AlertLogEntry) => void showAlertContract(entry, {
    contract: (symbol) => api.call('alerts.contract', { symbol }),
    showInChain: (underlying, expiry, strike) => session.showContract(underlying, expiry, strike),
    openChart,
    openAlerts: (e) => { alerts.store.setState({ focused: e }); showTab(layout, 'alerts'); },
  }), [api, session, openChart, alerts, layout]);
  useEffect(() => { alerts.setFocusHandler(showAlert); }, [alerts, showAlert]);
  // "Add position…" / "Alert…" on a chain cell (right-click, or P on the focused cell).
  useEffect(() => installChainActions(document.body, {
    rowAt: (strike) => session.rowAt(strike),
    addPosition: (pick) => { alerts.draftPosition(pick.symbol, pick.ltp); showTab(layout, 'positions'); },
    addAlert: (pick) => { alerts.draftRule(pick.symbol, pick.ltp); showTab(layout, 'alerts'); },
  }), [alerts, session, layout]);
  const tabs = useMemo(() => dockTabs({ api, store, session }, board, picks, alerts, openChart), [api, store, session, board, picks, alerts, openChart]);
  const settings = useMemo(() => settingsSections({ api, store, session }), [api, store, session]);
  return (
    <div className={linkDown ? 'app link-down' : 'app'}>
      <Header store={store} session={session} onChart={openChart} />
      {/* One grid row for the banners, always present (empty when all is well). */}
      <div className="app-banners">
        <UpstoxBanner api={api} store={store} onOpenPanel={() => openSettings(layout, 'upstox')} />
        <NoticesBanner store={store} />
      </div>
      <ReplayBar api={api} onSeek={reloadCharts} />
      <Workstation layout={layout} main={chain} dockTabs={tabs} settings={settings} />
      <StatusBar store={store} />
      <AlertToasts model={alerts} onOpen={showAlert} />
    </div>
  );
}
