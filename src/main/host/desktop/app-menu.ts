// The application menu: the standard roles (edit: copy/paste; view: zoom, full screen; window),
// Quit, and About with the version. Pure data; the Electron adapter passes it to
// Menu.buildFromTemplate (these fields are Electron's MenuItemConstructorOptions).

export interface AppMenuItem {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  submenu?: AppMenuItem[];
}

export interface AboutPanel {
  applicationName: string;
  applicationVersion: string;
  version: string;
  copyright: string;
}

export function aboutPanel(productName: string, version: string): AboutPanel {
  return { applicationName: productName, applicationVersion: version, version, copyright: 'Copyright © Optick developers' };
}

export function appMenuTemplate(o: { platform: NodeJS.Platform; productName: string; version: string; dev?: boolean }): AppMenuItem[] {
  const sep: AppMenuItem = { type: 'separator' };
  const mac = o.platform === 'darwin';
  const about: AppMenuItem = { role: 'about', label: `About ${o.productName} ${o.version}` };
  const quit: AppMenuItem = { role: 'quit', label: `Quit ${o.productName}`, accelerator: mac ? 'Command+Q' : 'Ctrl+Q' };
  const view: AppMenuItem[] = [
    { role: 'reload' }, { role: 'forceReload' }, ...(o.dev ? [{ role: 'toggleDevTools' }] : []), sep,
    { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' },
  ];
  return [
    ...(mac ? [{ label: o.productName, submenu: [about, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, quit] }] : []),
    { label: '&File', submenu: mac ? [{ role: 'close' }] : [{ role: 'close', label: 'Close window (keeps running in the tray)' }, sep, quit] },
    { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: '&View', submenu: view },
    { label: '&Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
    { label: '&Help', role: 'help', submenu: mac ? [{ label: `${o.productName} ${o.version}`, role: 'about' }] : [about] },
  ];
}
