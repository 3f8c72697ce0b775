// Which field an engine error names, as the position and alert forms mark it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldOf } from '../../src/renderer/components/alerts/form-errors.ts';

describe('alert form errors', () => {
  it('finds the field after the method prefix the transport adds', () => {
    assert.equal(fieldOf("positions.add: stop_loss: a long position's stop-loss (210.85) must be below its target (170.85)"), 'stop_loss');
    assert.equal(fieldOf('lots: must be above zero, got -1'), 'lots');
    assert.equal(fieldOf('alerts.add_rule: level: must be a number, got "x"'), 'level');
    assert.equal(fieldOf('positions.add: stop_loss.kind: must be'), 'stop_loss');
    assert.equal(fieldOf('socket closed'), '');
  });
});
