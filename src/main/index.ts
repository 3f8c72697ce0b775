// Electron entry (thin): everything lives in the Electron host and the engine.
import { runElectronHost } from './host/electron.ts';

void runElectronHost();
