// The step's saved state: what the main step leaves for the post step (`post-if: cancelled()`), and
// how the post step reads it: like input, each value held to the form the main step writes.
import { validTime } from './time.js';
import { BUILD_ID_PATTERN } from './untrusted.js';

/** Saved once the main step has had its say, so that the post step knows it was not killed. */
export const MAIN_FINISHED_STATE = 'main_finished';
/** Saved before the trigger is sent (runner's clock, ms), so that a post step can say what appeared since. */
export const TRIGGER_SENT_AT_STATE = 'trigger_sent_at';
/** Saved once the run knows a build it started (or attached to): the only build a post step cancels. */
export const BUILD_ID_STATE = 'build_id';
/** Saved once the run follows a build it did not start (found, or superseding its own): named, never cancelled. */
export const OTHER_BUILD_ID_STATE = 'followed_build_id';
/** Saved when the workflow run was cancelled and the main step's cancel of its build did not complete: the post step sends it again. */
export const CANCEL_FAILED_STATE = 'cancel_failed';

/** What the post step reads of the saved state. */
export interface SavedState {
  mainFinished: boolean;
  buildId?: string;
  otherBuildId?: string;
  triggerSentAt?: number;
  /** The main step's cancel of `buildId` did not complete. */
  cancelFailed: boolean;
}

/** The saved state, each value held to the form the main step writes; or why it is not what the main step could write. */
export function readSavedState(getState: (name: string) => string): SavedState | { invalid: string } {
  const mainFinished = getState(MAIN_FINISHED_STATE);
  const buildId = getState(BUILD_ID_STATE);
  const otherBuildId = getState(OTHER_BUILD_ID_STATE);
  const sentAt = getState(TRIGGER_SENT_AT_STATE);
  const cancelFailed = getState(CANCEL_FAILED_STATE);
  for (const [name, flag] of [
    [MAIN_FINISHED_STATE, mainFinished],
    [CANCEL_FAILED_STATE, cancelFailed]
  ]) {
    if (flag !== '' && flag !== 'true') return { invalid: `the saved ${name} is not "true"` };
  }
  for (const [name, id] of [
    [BUILD_ID_STATE, buildId],
    [OTHER_BUILD_ID_STATE, otherBuildId]
  ]) {
    if (id !== '' && !BUILD_ID_PATTERN.test(id)) return { invalid: `the saved ${name} is not a build id` };
  }
  // The main step saves it only beside the build it started or attached to, the one it tried to cancel.
  if (cancelFailed && !buildId) {
    return { invalid: `the saved ${CANCEL_FAILED_STATE} comes without a ${BUILD_ID_STATE}` };
  }
  const triggerSentAt = /^\d{1,16}$/.test(sentAt) ? validTime(Number(sentAt)) : undefined;
  if (sentAt !== '' && triggerSentAt === undefined) {
    return { invalid: `the saved ${TRIGGER_SENT_AT_STATE} is not a time in milliseconds` };
  }
  return {
    mainFinished: mainFinished === 'true',
    buildId: buildId || undefined,
    otherBuildId: otherBuildId || undefined,
    triggerSentAt,
    cancelFailed: cancelFailed === 'true'
  };
}
