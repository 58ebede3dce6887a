/**
 * What the statechart's answer notices say (src/machines keeps the kind, the views the words).
 * Kept apart from the views' components, so that editing a view hot-reloads in place.
 */
import type { AnswerNotice } from '../../machines/authMachine';

export const answerNoticeText: Readonly<Record<AnswerNotice, string>> = {
  'set-aside':
    'An answer from the browser that did not belong to this sign-in was set aside. The sign-in goes on.',
  'not-an-answer':
    'That is not a sign-in answer for this extension. Paste the whole address your browser shows ' +
    'after you signed in (it contains "code=" or "error=").',
  'other-sign-in':
    'That address answers another sign-in (an older tab?), not this one. Paste the address of the ' +
    'latest attempt, or open the browser again.',
};
