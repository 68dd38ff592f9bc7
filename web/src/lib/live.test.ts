import { describe, expect, it } from 'vitest';
import { createLiveState, parseChange, staleKeys } from './live';

describe('change events', () => {
  it('parses the event data and ignores anything else', () => {
    expect(parseChange('{"kind":"application","id":"a1","status":"submitted","org":"jinan"}')).toMatchObject({ kind: 'application', id: 'a1' });
    expect(parseChange('{"kind":"other","id":"x"}')).toBeNull();
    expect(parseChange('not json')).toBeNull();
  });
  it('marks the kind’s lists and counts, the workbench and that case stale (a work order: the people’s loads too)', () => {
    expect(staleKeys({ kind: 'workOrder', id: 'w1' })).toEqual([
      ['workOrder', 'list'],
      ['workOrder', 'facets'],
      ['workOrder', 'detail', 'w1'],
      ['workbench'],
      ['mailItem'],
      ['deskPeople'],
    ]);
    expect(staleKeys({ kind: 'escalation', id: 'e1' })).toEqual([
      ['escalation', 'list'],
      ['escalation', 'facets'],
      ['escalation', 'detail', 'e1'],
      ['workbench'],
      ['mailItem'],
    ]);
  });
  it('falls back to polling after repeated errors without a connection in between', () => {
    const live = createLiveState(3);
    expect(live.failed()).toBe(false);
    expect(live.failed()).toBe(false);
    live.opened();
    expect(live.failed()).toBe(false);
    expect(live.failed()).toBe(false);
    expect(live.failed()).toBe(true);
  });
});
