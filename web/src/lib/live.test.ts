import { describe, expect, it } from 'vitest';
import { createLiveState, parseChange, staleKeys } from './live';

describe('change events', () => {
  it('parses the event data and ignores anything else', () => {
    expect(parseChange('{"kind":"application","id":"a1","status":"submitted","org":"jinan"}')).toMatchObject({ kind: 'application', id: 'a1' });
    expect(parseChange('{"kind":"other","id":"x"}')).toBeNull();
    expect(parseChange('not json')).toBeNull();
  });
  it('marks the kind’s lists, the workbench and that case stale', () => {
    expect(staleKeys({ kind: 'workOrder', id: 'w1' })).toEqual([['workOrder', 'list'], ['workOrder', 'detail', 'w1'], ['workbench'], ['mailItem']]);
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
