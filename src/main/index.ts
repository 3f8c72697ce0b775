// Electron entry (thin): everything lives in the Electron host and the engine. First of all, an
// app launched without the memory settings starts itself again with them (host/memory-relaunch.ts).
import { app } from 'electron';
import { runElectronHost } from './host/electron.ts';
import { relaunchForMemory } from './host/memory-relaunch.ts';

const relaunching = relaunchForMemory({
  argv: process.argv, env: process.env, platform: process.platform, jsFlags: app.commandLine.getSwitchValue('js-flags'),
  relaunch: (options) => app.relaunch(options), exit: (code) => app.exit(code),
});
if (!relaunching) void runElectronHost();
