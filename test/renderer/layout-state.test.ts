import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createLayoutStore, DOCK_HEIGHT, DOCK_WIDTH, LAYOUT_STORAGE_KEY, pickTab, readDock, resizeDock, setDockSide, toggleDock,
} from '../../src/renderer/components/layout/layout-state.ts';
import type { LayoutStorage } from '../../src/renderer/components/layout/layout-state.ts';
import { shortcutFor } from '../../src/renderer/components/layout/shortcuts.ts';
import type { KeyPress } from '../../src/renderer/components/layout/shortcuts.ts';

const TABS = ['charts', 'calculator', 'export'];

function memoryStorage(initial?: string): LayoutStorage & { saved: Map<string, string> } {
  const saved = new Map<string, string>(initial === undefined ? [] : [[LAYOUT_STORAGE_KEY, initial]]);
  return { saved, getItem: (k) => saved.get(k) ?? null, setItem: (k, v) => { saved.set(k, v); } };
}

test('a fresh workstation opens the dock at the bottom on the first tab', () => {
  assert.deepEqual(readDock(null, TABS), { open: true, tab: 'charts', side: 'bottom', width: DOCK_WIDTH.initial, height: DOCK_HEIGHT.initial });
});

test('a remembered dock is read field by field; bad fields fall back, sizes are clamped', () => {
  const dock = readDock(JSON.stringify({ open: false, tab: 'gone-tab', side: 'left', width: 99_999, height: 'tall' }), TABS);
  assert.deepEqual(dock, { open: false, tab: 'charts', side: 'bottom', width: DOCK_WIDTH.max, height: DOCK_HEIGHT.initial });
  assert.equal(readDock('{not json', TABS).open, true);
  assert.equal(readDock('null', TABS).tab, 'charts');
  assert.equal(readDock(JSON.stringify({ tab: 'calculator', side: 'right', width: 10 }), TABS).width, DOCK_WIDTH.min);
});

test('dock changes are saved and come back in a new store; settings are not remembered', () => {
  const storage = memoryStorage();
  const layout = createLayoutStore(TABS, storage);
  pickTab(layout, 'calculator');
  setDockSide(layout, 'right');
  resizeDock(layout, 612.4);
  layout.setState({ settings: 'trading-hours' });
  const again = createLayoutStore(TABS, storage).getState();
  assert.deepEqual(again.dock, { open: true, tab: 'calculator', side: 'right', width: 612, height: DOCK_HEIGHT.initial });
  assert.equal(again.settings, null);
});

test('picking the shown tab hides the dock; picking another shows it; toggle flips it', () => {
  const layout = createLayoutStore(TABS, null);
  pickTab(layout, 'charts');
  assert.equal(layout.getState().dock.open, false);
  pickTab(layout, 'export');
  assert.deepEqual([layout.getState().dock.open, layout.getState().dock.tab], [true, 'export']);
  toggleDock(layout);
  assert.equal(layout.getState().dock.open, false);
  assert.equal(layout.getState().dock.tab, 'export');
});

test('resizing applies to the side the dock is on', () => {
  const layout = createLayoutStore(TABS, null);
  resizeDock(layout, 250);
  assert.equal(layout.getState().dock.height, 250);
  assert.equal(layout.getState().dock.width, DOCK_WIDTH.initial);
});

test('storage that throws never breaks the layout', () => {
  const broken: LayoutStorage = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } };
  const warn = console.warn;
  console.warn = () => {};
  try {
    const layout = createLayoutStore(TABS, broken);
    toggleDock(layout);
    assert.equal(layout.getState().dock.open, false);
  } finally { console.warn = warn; }
});

const key = (k: Partial<KeyPress>): KeyPress => ({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, typing: false, ...k });

test('shortcuts: backquote toggles the dock except while typing, Alt+digit picks a tab, Ctrl+, and Esc', () => {
  assert.deepEqual(shortcutFor(key({ key: '`', code: 'Backquote' }), false), { kind: 'toggle-dock' });
  assert.equal(shortcutFor(key({ key: '`', code: 'Backquote', typing: true }), false), null);
  assert.deepEqual(shortcutFor(key({ key: '¡', code: 'Digit1', altKey: true }), false), { kind: 'tab', index: 0 });
  assert.deepEqual(shortcutFor(key({ key: '3', code: 'Digit3', altKey: true, typing: true }), false), { kind: 'tab', index: 2 });
  assert.equal(shortcutFor(key({ key: '3', code: 'Digit3' }), false), null);
  assert.deepEqual(shortcutFor(key({ key: ',', code: 'Comma', ctrlKey: true }), false), { kind: 'settings' });
  assert.deepEqual(shortcutFor(key({ key: ',', code: 'Comma', metaKey: true }), false), { kind: 'settings' });
  assert.deepEqual(shortcutFor(key({ key: 'Escape', code: 'Escape' }), true), { kind: 'close-settings' });
  assert.equal(shortcutFor(key({ key: 'Escape', code: 'Escape' }), false), null);
});
