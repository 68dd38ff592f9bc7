// Changes to workflow code that running workflows may replay go behind a patch id. Workflows ask
// `isPatched(id)` so a test can bundle the same code with the patch forced on (what shipping the
// change without patched() would do) and watch the replay gate fail.
import { patched } from '@temporalio/workflow';

export const PATCHES = {
  /** 2026-11: remind reviewers before the review deadline (adds a timer before the deadline timer). */
  reviewReminder: 'review-reminder-v1',
  /** 2026-11: projection writes as local activities (markers instead of scheduled activities). */
  localProjections: 'local-projections-v1',
  /**
   * 2026-11: one projection write in flight at a time. Two concurrent local activities (the start's
   * 'created' and an update that arrived with it) can finish in either order, and a replay does not
   * reproduce that order: the run then fails with a nondeterminism error after a cache eviction.
   */
  serialRecords: 'serial-records-v1',
  /** 2026-11: approval answers without waiting for the work order's workflow to confirm its start. */
  childStartInBackground: 'child-start-in-background-v1',
  /** 2026-11: upsert only the search attributes that changed; work orders start with theirs set. */
  searchAttributesOnChange: 'search-attributes-on-change-v1',
} as const;

/**
 * Every patch costs a new workflow a marker and a TemporalChangeVersion search-attribute upsert
 * (an event and a visibility write each). Workflows started from this generation on ask one patch
 * for all of the changes it covers; histories from before it still ask each patch on its own. The
 * list is frozen: a later patch is asked on its own until the next generation is cut.
 */
const GENERATION = { id: 'patches-2026-11', covers: new Set<string>([
  PATCHES.reviewReminder, PATCHES.localProjections, PATCHES.serialRecords, PATCHES.childStartInBackground, PATCHES.searchAttributesOnChange,
]) };

export const isPatched = (id: string): boolean => (GENERATION.covers.has(id) && patched(GENERATION.id)) || patched(id);
