// @ts-check
/**
 * Where each live action says how it went: a region right under its own button (discovery, the
 * pre-flight, the namespace, the attach, the detach), with a progress line while the action runs,
 * its outcome, and for the changes the history of the operation, folded away once it ends, so that
 * what stays on screen is the final state and intermediate polls are only history.
 * @module
 */
import { byId, element } from '../shared/dom.js';

/** @typedef {'discover' | 'preflight' | 'namespace' | 'attach' | 'detach' | 'extension'} Action */

/**
 * An action's region: `progress` (a live line while it runs), `outcome` (how it ended, or why it
 * failed), and `log` with its `history` (the steps an operation went through), when it has one.
 * @typedef {{ action: Action, root: HTMLElement, progress: HTMLElement, outcome: HTMLElement, log: HTMLOListElement | null, history: HTMLDetailsElement | null }} Region
 */

/** The ids of each region's parts; the ones tests and older links know are kept. */
const IDS = /** @type {const} */ ({
  discover: { progress: 'live-progress', log: null },
  preflight: { progress: 'live-preflight-progress', log: null },
  namespace: { progress: 'live-namespace-progress', log: 'live-namespace-log' },
  attach: { progress: 'live-attach-progress', log: 'live-log' },
  detach: { progress: 'live-detach-progress', log: 'live-detach-log' },
  extension: { progress: 'live-extension-progress', log: 'live-extension-log' },
});

/** @type {Map<Action, Region>} */
const regions = new Map();

/**
 * The region under an action's button.
 * @param {Action} action
 * @returns {Region}
 */
export function region(action) {
  const known = regions.get(action);
  if (known !== undefined) return known;
  const ids = IDS[action];
  const log = ids.log === null ? null : byId(ids.log, HTMLOListElement);
  const history = log?.closest('details') ?? null;
  const made = {
    action,
    root: byId(`live-${action}-result`),
    progress: byId(ids.progress),
    outcome: byId(`live-${action}-outcome`),
    log,
    history: history instanceof HTMLDetailsElement ? history : null,
  };
  regions.set(action, made);
  return made;
}

/**
 * A new run of the action: its earlier outcome, progress and history cleared, the outcome marked
 * as running.
 * @param {Region} where
 */
export function startRegion(where) {
  where.outcome.replaceChildren();
  where.outcome.dataset.state = 'running';
  delete where.outcome.dataset.verdict;
  delete where.outcome.dataset.said;
  showProgressIn(where, '');
  if (where.log !== null) where.log.replaceChildren();
  if (where.history !== null) {
    where.history.open = false;
    where.history.hidden = true;
  }
}

/**
 * The progress line: what the action waits for now (cleared when the action ends), or with
 * `final`, a summary that stays (discovery's count).
 * @param {Region} where
 * @param {string} text
 * @param {{ final?: boolean }} [options]
 */
export function showProgressIn(where, text, options = {}) {
  if (where.progress.textContent !== text) where.progress.textContent = text;
  if (options.final || text === '') delete where.progress.dataset.passing;
  else where.progress.dataset.passing = 'true';
}

/**
 * The action ended: a progress line that only said what it waited for goes, and its history
 * stays folded under a summary that counts its steps.
 * @param {Region} where
 */
export function endRegion(where) {
  if (where.progress.dataset.passing === 'true') showProgressIn(where, '');
  if (where.history !== null && where.log !== null && where.log.childElementCount > 0) {
    const summary = where.history.querySelector('summary');
    if (summary !== null) summary.textContent = `What happened, step by step (${where.log.childElementCount})`;
    where.history.open = false;
    where.history.hidden = false;
  }
}

/**
 * A line of the action's history (an operation's polls, retries, a new token): on the progress
 * line while it runs, kept in the history.
 * @param {Region} where
 * @param {string} text
 */
export function logIn(where, text) {
  showProgressIn(where, text);
  where.log?.append(element('li', text));
}

/**
 * How the action ended: one sentence, or nodes, in its outcome.
 * @param {Region} where
 * @param {'done' | 'failed'} state
 * @param {string | Node} what
 * @param {...(string | Node)} more
 */
export function showOutcome(where, state, what, ...more) {
  where.outcome.dataset.state = state;
  where.outcome.replaceChildren(what, ...more);
}
