// The strip above the chain: the analytics a trader reads every morning (ATM IV, straddle,
// skew, RR/BF, PCR by OI and volume, max pain) and the column chooser. One line, compact.
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { legField } from '../chain-columns.ts';
import { analyticsItems } from './analytics.ts';
import type { ColumnChoiceStore } from './column-choice.ts';
import { LEG_COLUMN_KEYS, pinColumn, toggleColumn } from './column-plan.ts';
import './chain.css';

interface Props {
  store: ScreenStore;
  columns: ColumnChoiceStore;
  /** Extra controls at the right end (the ATM reference setting). */
  children?: React.ReactNode;
}

export function ChainToolbar({ store, columns, children }: Props) {
  const metrics = useStore(store, (s) => s.metrics);
  return (
    <div className="chain-toolbar" data-testid="chain-toolbar">
      <div className="analytics" data-testid="analytics-strip">
        {analyticsItems(metrics).map((item) => (
          <span key={item.id} className="analytic" title={item.title} data-testid={`analytic-${item.id}`}>
            <b>{item.label}</b> {item.value}
          </span>
        ))}
      </div>
      <div className="chain-toolbar-actions">
        {children}
        <ColumnChooser columns={columns} />
      </div>
    </div>
  );
}

function ColumnChooser({ columns }: { columns: ColumnChoiceStore }) {
  const choice = useStore(columns, (s) => s.choice);
  const noRoom = useStore(columns, (s) => s.noRoom);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e: PointerEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', esc);
    return () => { window.removeEventListener('pointerdown', close); window.removeEventListener('keydown', esc); };
  }, [open]);
  const set = (next: typeof choice) => columns.setState({ choice: next });
  return (
    <div className="column-chooser" ref={box}>
      <button type="button" className="tool-button" data-testid="column-chooser" aria-expanded={open} onClick={() => setOpen(!open)}
        title="Choose the chain's columns">
        Columns{noRoom.length > 0 ? ` (${noRoom.length} hidden)` : ''}
      </button>
      {open && (
        <div className="column-menu" role="menu" data-testid="column-menu">
          {LEG_COLUMN_KEYS.map((key) => {
            const field = legField(key);
            const wanted = choice.wanted.includes(key);
            const squeezed = noRoom.includes(key);
            return (
              <div key={key} className="column-item">
                <label title={field.title}>
                  <input type="checkbox" data-testid={`column-${key}`} checked={wanted} onChange={() => set(toggleColumn(choice, key))} />
                  <span className="column-name">{field.header}</span>
                  <span className="column-title">{field.title}</span>
                </label>
                {squeezed && (
                  <button type="button" className="link-button" data-testid={`column-show-${key}`} title="No room at this width: show it instead of a less important column"
                    onClick={() => set(pinColumn(choice, key))}>no room · show</button>
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
