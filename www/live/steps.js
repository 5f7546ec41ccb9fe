// @ts-check
/**
 * The attach as four steps, the progress picture: a row of markers, done / now / to come, each
 * with its state in words for screen readers. ./operations.js moves it along.
 * @module
 */
import { byId, element } from '../shared/dom.js';

/** @typedef {'pending' | 'active' | 'done' | 'failed'} StepState */

const STEPS = ['Name free', 'Attach sent', 'Provisioning', 'Finished'];
const WORDS = { pending: 'to come', active: 'in progress', done: 'done', failed: 'failed' };

const list = byId('live-steps');
/** @type {StepState[]} */
let stepStates = [];

/**
 * Draws the steps; `note` goes on the step in progress (or the last one touched).
 * @param {StepState[]} states
 * @param {string} [note]
 */
export function showSteps(states, note) {
  stepStates = states;
  const noted = Math.max(states.lastIndexOf('active'), states.lastIndexOf('failed'), note === undefined ? -1 : states.lastIndexOf('done'));
  list.replaceChildren(
    ...STEPS.map((label, index) => {
      const item = element('li', `${label}${index === noted && note ? `: ${note}` : ''}`);
      item.dataset.state = states[index];
      // The state in words too, for screen readers (the marker's colour and shape are not read).
      const state = element('span', ` (${WORDS[states[index]]})`);
      state.className = 'visually-hidden';
      item.append(state);
      return item;
    }),
  );
  list.hidden = false;
}

/** Hides the steps (an attach that sent nothing). */
export function hideSteps() {
  list.hidden = true;
}

/** Marks the step in progress as failed (the call threw). */
export function failStep() {
  const at = stepStates.indexOf('active');
  if (at >= 0 && !list.hidden) showSteps(stepStates.map((state, index) => (index === at ? 'failed' : state)));
}
