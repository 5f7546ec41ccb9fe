// @ts-check
/**
 * The page: builds the compute spec from the form on every input, checks it with the wasm
 * validator and shows each diagnostic next to the field it is about; checks pasted or dropped
 * YAML the same way. The form's state (shared/state.js) is kept for a reload of the tab, read
 * from a share link (`?s=`), copied as one, and filled from a pasted or typed spec.
 * @module
 */

// The static imports are what the first verdict needs: the build (scripts/build-site.mjs) bundles
// them into app.js, all but live-state.js, which the live and troubleshooter modules share. The
// tools loaded after the first verdict are dynamic imports, and stay files of their own.
import './tasks.js';
import { checkerStartError, contextFromUrl, mergeContexts, validate, version } from './shared/amlattach.js';
import { capitalize, checkerFailure, countBySeverity, describeCounts, renderFieldVerdict } from './shared/diagnostics.js';
import { byId, element } from './shared/dom.js';
import { cannotStart } from './shared/wasm.js';
import { MODES, buildContext, buildSpec, fieldPathFor, isMissingValue } from './form-spec.js';
import { collectFields, isFilled, valueOf } from './form-fields.js';
import { blockCommands, showInCommands } from './commands-link.js';
import { setUpShareLink } from './share-link.js';
// What a reload and a link need before the first check; filling the form from a spec is loaded
// with the tools (formFiller).
import { LINK_PARAMETER, decodeState, loadSession, saveSession } from './shared/state.js';
import { liveFacts, onLiveFacts, setCurrentSpec } from './live-state.js';
import { connectExtensionForm, followCompute, keepExtensionValues, withExtensionValues } from './extension-link.js';

/** @typedef {import('./form-spec.js').Mode} Mode */
/** @typedef {import('./form-spec.js').FieldValue} FieldValue */
/** @typedef {import('./shared/amlattach.js').Diagnostic} Diagnostic */
/** @typedef {import('./shared/amlattach.js').ValidationContext} ValidationContext */
/** @typedef {import('./shared/amlattach.js').ValidationResult} ValidationResult */
/** @typedef {import('./shared/state.js').FormState} FormState */
/** @typedef {import('./form-fields.js').Field} Field */


/** The diagnostic the v1 banner stands for: it is shown there, not in the list. */
const BANNER_CODE = 'v1-end-of-support';

/**
 * Says in a tool's section that it could not start.
 * @param {string} section
 * @param {unknown} error
 */
function toolFailed(section, error) {
  const message = element('p', cannotStart('This tool', error));
  message.className = 'load-error';
  message.setAttribute('role', 'alert');
  const container = byId(section);
  container.append(message);
  container.hidden = false;
}

/**
 * Runs `then` once the frame that shows what the page has just written has been drawn (a task
 * queued from that frame's animation callback runs after its paint); at once in a hidden tab,
 * which draws no frames.
 * @param {() => void} then
 */
function afterNextFrame(then) {
  if (document.visibilityState === 'hidden') setTimeout(then);
  else requestAnimationFrame(() => setTimeout(then));
}

const form = byId('attach-form', HTMLFormElement);
const pasteSection = byId('paste');

try {
  if (checkerStartError !== null) throw checkerStartError;

  const fields = collectFields(form);
  const modeElements = /** @type {HTMLElement[]} */ ([...form.querySelectorAll('[data-modes]')]);
  const modeRadios = /** @type {HTMLInputElement[]} */ ([...form.querySelectorAll('input[name="mode"]')]);
  const banner = byId('v1-banner');
  const bannerStatus = byId('v1-banner-status');
  const summary = byId('form-summary');
  const generalVerdict = byId('general-verdict');
  const stateStatus = byId('state-status');
  /** The `s` of a share link the page was opened with. */
  const link = new URLSearchParams(location.search).get(LINK_PARAMETER);
  /** The paths of the controls each mode shows, for the state (shared/state.js). */
  const pathsByMode = new Map(
    MODES.map((m) => [m, new Set(fields.filter((f) => f.control !== null && (f.modes === null || f.modes.includes(m))).map((f) => f.path))]),
  );
  /** @param {Mode} m */
  const fieldsOf = (m) => /** @type {Set<string>} */ (pathsByMode.get(m));
  /** What the form holds now, as the state a reload or a link brings back. */
  let currentState = /** @type {FormState} */ ({ mode: 'v2', values: {} });
  /** The compute form's filled-in fields; the state adds the extension form's (extension-link.js). */
  let computeValues = /** @type {FormState['values']} */ ({});
  const saveState = () => {
    currentState = { mode, values: withExtensionValues(computeValues) };
    saveSession(currentState, link);
  };

  /** @type {Mode} */
  let mode = 'v2';
  /** Controls the user has left at least once: only those show "required" errors. */
  const touched = new WeakSet();
  /** After "Check all", every error shows, filled in or not, until the mode changes. */
  let checkAll = false;
  /** @type {ValidationContext | null} */
  let context = null;
  let recheckPaste = () => {};
  /** The form's last valid spec, for the Commands section when it arrives after the first verdict. */
  let lastValid = /** @type {{ normalized: object, context: object | null } | null} */ (null);

  /** @param {Field} field */
  const isActive = (field) => field.modes === null || field.modes.includes(mode);
  /** @param {Field} field */
  const isTouched = (field) =>
    field.control !== null
      ? touched.has(field.control)
      : [...field.element.querySelectorAll('[data-path]')].some((element) => touched.has(element));

  const check = () => {
    const active = fields.filter(isActive);
    /** @type {[string, FieldValue][]} */
    const values = active.flatMap((field) => (field.control === null ? [] : [[field.path, valueOf(field.control)]]));
    const spec = buildSpec(mode, values);
    computeValues = Object.fromEntries(values.filter(([, value]) => value !== '' && value !== false));
    saveState();
    const newContext = mergeContexts(buildContext(values), liveFacts());
    const contextChanged = JSON.stringify(newContext) !== JSON.stringify(context);
    context = newContext;
    const cluster = mode === 'v2' ? values.find(([path]) => path === 'resource_id')?.[1] : '';
    followCompute({ cluster: typeof cluster === 'string' ? cluster : '', v1: mode !== 'v2', context });

    /** @type {ValidationResult} */
    let result;
    try {
      result = validate(spec, context);
    } catch (error) {
      result = { ok: false, diagnostics: [checkerFailure(error)], normalized: null };
    }
    setCurrentSpec(spec, result.ok, context);
    if (result.ok && result.normalized !== null) {
      lastValid = { normalized: result.normalized, context };
      showInCommands(result.normalized, context);
    } else {
      lastValid = null;
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      blockCommands(errors.length, errors[0]?.message ?? 'the spec is incomplete');
    }

    const byPath = new Map(active.map((field) => [field.path, field]));
    /** @type {Map<Field, Diagnostic[]>} */
    const perField = new Map(active.map((field) => [field, []]));
    /** @type {Diagnostic[]} */
    const general = [];
    /** @type {Diagnostic[]} */
    const shown = [];
    let waiting = 0;
    for (const diagnostic of result.diagnostics) {
      if (diagnostic.code === BANNER_CODE && !banner.hidden) {
        // The checker words v1's status from today's date; the banner shows its sentence.
        const status = capitalize(diagnostic.message);
        if (bannerStatus.textContent !== status) bannerStatus.textContent = status;
        shown.push(diagnostic);
        continue;
      }
      const path = fieldPathFor(diagnostic.path, byPath);
      const field = path === null ? undefined : byPath.get(path);
      if (isMissingValue(diagnostic) && !checkAll && (field === undefined || !isTouched(field))) {
        waiting += 1;
        continue;
      }
      (field === undefined ? general : /** @type {Diagnostic[]} */ (perField.get(field))).push(diagnostic);
      shown.push(diagnostic);
    }

    for (const field of fields) {
      const diagnostics = perField.get(field);
      if (diagnostics === undefined) {
        renderFieldVerdict(field.element, field.verdict, null);
        continue;
      }
      const filled = field.control !== null && isFilled(field.control);
      const validText = filled ? field.validText : undefined;
      renderFieldVerdict(field.element, field.verdict, diagnostics.length > 0 || validText !== undefined ? diagnostics : null, { validText });
    }
    renderFieldVerdict(null, generalVerdict, general.length > 0 ? general : null, { path: 'label' });
    renderSummary(countBySeverity(shown), waiting);
    if (contextChanged) recheckPaste();
  };

  /**
   * @param {Record<Diagnostic['severity'], number>} counts
   * @param {number} waiting required fields not filled in and not yet reported
   */
  const renderSummary = (counts, waiting) => {
    const missing = `${waiting} required ${waiting === 1 ? 'field' : 'fields'} still empty`;
    const nothing = counts.error === 0 && counts.warning === 0 && counts.info === 0;
    const text = waiting === 0 ? describeCounts(counts) : nothing ? capitalize(missing) : `${describeCounts(counts)}; ${missing}`;
    summary.dataset.errors = String(counts.error);
    summary.dataset.warnings = String(counts.warning);
    summary.dataset.waiting = String(waiting);
    summary.dataset.state = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : waiting > 0 ? 'waiting' : 'ok';
    // Only a changed text is written, so screen readers hear the summary when it changes.
    if (summary.textContent !== text) summary.textContent = text;
  };

  /** @param {Mode} next */
  const showMode = (next) => {
    mode = next;
    for (const element of modeElements) {
      element.hidden = !(element.dataset.modes ?? '').split(' ').includes(mode);
    }
    form.dataset.mode = mode;
  };

  for (const radio of modeRadios) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      const next = MODES.find((m) => m === radio.value);
      if (next === undefined) return;
      checkAll = false;
      showMode(next);
      check();
    });
  }
  form.addEventListener('input', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'mode') return;
    check();
  });
  form.addEventListener('focusout', (event) => {
    const target = event.target;
    if (target instanceof HTMLElement && target.dataset.path !== undefined && !touched.has(target)) {
      touched.add(target);
      check();
    }
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  byId('check-all').addEventListener('click', () => {
    checkAll = true;
    check();
    const firstInvalid = fields.find((field) => isActive(field) && field.control?.getAttribute('aria-invalid') === 'true');
    firstInvalid?.control?.focus();
  });

  // The pre-flight's facts join the context; the form checks again when they arrive.
  onLiveFacts(check);

  /**
   * Puts a state in the form: its mode, and each of the mode's fields set to its value or
   * emptied; the fields it fills count as visited, so their verdicts show at once.
   * @param {FormState} state
   * @param {{ keepContext: boolean }} options keepContext leaves the workspace's fields as they are
   * @returns {string[]} the paths whose value the field cannot take (a choice a list does not offer)
   */
  const applyState = (state, { keepContext }) => {
    for (const radio of modeRadios) radio.checked = radio.value === state.mode;
    checkAll = false;
    showMode(state.mode);
    /** @type {string[]} */
    const refused = [];
    for (const field of fields) {
      const control = field.control;
      if (control === null || !isActive(field) || (keepContext && field.path.startsWith('context.'))) continue;
      const value = state.values[field.path];
      if (control instanceof HTMLInputElement && control.type === 'checkbox') {
        control.checked = value === true;
      } else {
        const text = typeof value === 'string' ? value : '';
        control.value = text;
        if (control.value !== text) {
          refused.push(field.path);
          control.value = '';
        }
      }
      if (value !== undefined) touched.add(control);
    }
    return refused;
  };

  /**
   * Filling the form from a spec (the paste box's, the Commands section's), with the state
   * module's mapping, which loads with the tools.
   * @param {typeof import('./shared/state.js')} states
   */
  const formFiller = ({ stateFromSpec, describeFill }) => {
    /**
     * Fills the form with a spec in canonical shape, the workspace's fields kept, and checks it
     * again; says what it did.
     * @param {Record<string, unknown>} spec
     */
    const fill = (spec) => {
      const filled = stateFromSpec(spec, { fieldsOf });
      const refused = applyState(filled.state, { keepContext: true });
      check();
      const values = Object.fromEntries(Object.entries(filled.state.values).filter(([path]) => !refused.includes(path)));
      return describeFill({ state: { mode: filled.state.mode, values }, unmapped: [...filled.unmapped, ...refused] });
    };
    /**
     * The spec the paste box can fill the form with: the checker's when the text validates;
     * JSON read here when each of its errors is about a field the form shows; else none.
     * @param {string} text
     * @param {ValidationResult} result
     * @returns {Record<string, unknown> | null}
     */
    const pasted = (text, result) => {
      if (result.normalized !== null) return /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (result.normalized));
      if (!text.trimStart().startsWith('{')) return null;
      /** @type {unknown} */
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        return null;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
      const spec = /** @type {Record<string, unknown>} */ (parsed);
      const { mode: target } = stateFromSpec(spec, { fieldsOf }).state;
      const shown = new Set(fields.filter((f) => f.modes === null || f.modes.includes(target)).map((f) => f.path));
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      return errors.every((d) => fieldPathFor(d.path, shown) !== null) ? spec : null;
    };
    return { fill, pasted };
  };

  // The state to start from: a share link's (`?s=`), unless this tab has kept the edits made
  // since it was opened from that link; else what this tab kept before a reload.
  /** @type {FormState | null} */
  let restored = null;
  if (link !== null) {
    const decoded = decodeState(link, { fieldsOf });
    if (decoded.ok) {
      restored = loadSession(link, { fieldsOf }) ?? decoded.state;
      if (decoded.notes.length > 0) stateStatus.textContent = `Settings from the link, except that ${decoded.notes.join('; ')}.`;
    } else {
      restored = loadSession(link, { fieldsOf });
      stateStatus.textContent = `The link's settings could not be read: ${decoded.error}. The form works as usual.`;
      stateStatus.dataset.state = 'error';
    }
  } else {
    restored = loadSession(null, { fieldsOf });
  }
  if (restored !== null) {
    keepExtensionValues(restored.values);
    applyState(restored, { keepContext: false });
  } else {
    // A reload may bring back another mode than the default from the browser's form state.
    const checkedMode = MODES.find((m) => modeRadios.some((radio) => radio.checked && radio.value === m));
    showMode(checkedMode ?? 'v2');
  }

  // A link may carry the cluster and workspace to start from (`?cluster=/subscriptions/…&workspace=/subscriptions/…`):
  // they fill the fields the state left empty.
  const given = contextFromUrl(location.search);
  /** @type {[string, string | undefined][]} */
  const prefill = [
    ['v2-resource-id', given.cluster ?? undefined],
    ['v1-resource-id', given.cluster ?? undefined],
    ['workspace-subscription-id', given.workspace?.subscription_id],
    ['workspace-resource-group', given.workspace?.resource_group],
    ['workspace-name', given.workspace?.name],
  ];
  for (const [id, value] of prefill) {
    const control = byId(id, HTMLInputElement);
    if (value !== undefined && control.value === '') control.value = value;
  }
  check();

  // "Copy a link to these settings" (share-link.js), fields named by their labels.
  setUpShareLink({
    state: () => currentState,
    labelOf: (path) => {
      const label = fields.find((f) => f.path === path && isActive(f))?.control?.labels?.[0];
      return label?.firstChild?.textContent?.trim() || label?.textContent?.trim() || path;
    },
  });
  // For `make bench`: navigation to the first verdict in the page, then on screen.
  performance.mark('amlattach:first-verdict-written');

  // The Commands section and the secret, versions and live tools bring their own modules (and
  // wasm); they load once the first verdict is on screen, so that none of their work delays
  // that frame. `data-tools-ready` tells when they have all settled (tests wait for it before
  // counting requests).
  /** @param {Promise<unknown>} loading @param {string} section where a failure is shown */
  const settle = (loading, section) => loading.catch((/** @type {unknown} */ error) => toolFailed(section, error));
  const loadTools = () => {
    const filler = import('./shared/state.js').then(formFiller);
    const tools = [
      settle(
        Promise.all([import('./shared/generate.js'), filler]).then(([{ offerFill }, { fill }]) => offerFill(fill)),
        'generate',
      ),
      settle(import('./secret.js'), 'secret-section'),
      settle(import('./versions.js'), 'versions-section'),
      settle(import('./explain.js'), 'explain-section'),
      settle(import('./live.js'), 'live'),
      settle(import('./journey.js'), 'verify'),
      settle(import('./extension-form.js').then((module) => connectExtensionForm(module, saveState)), 'prepare'),
    ];
    void tools[0].then(() => lastValid && showInCommands(lastValid.normalized, lastValid.context));
    // The paste box comes after the first verdict too. Its text is YAML or JSON: the generators'
    // module reads YAML, the checker only the objects the form hands it (its bytes stay few).
    const paste = Promise.all([import('./paste.js'), filler, import('./shared/generate.js')]).then(([{ setUpPasteBox }, { fill, pasted }, full]) => {
      recheckPaste = setUpPasteBox(
        {
          text: byId('paste-text', HTMLTextAreaElement),
          file: byId('paste-file', HTMLInputElement),
          fileStatus: byId('paste-file-status'),
          verdict: byId('paste-verdict'),
        },
        (text) => full.validate(text, context),
        { specOf: pasted, apply: fill },
      );
      pasteSection.inert = false;
    });
    void Promise.allSettled([...tools, settle(paste, 'paste')]).then(() => (document.documentElement.dataset.toolsReady = 'true'));
  };
  afterNextFrame(() => {
    performance.mark('amlattach:first-verdict');
    loadTools();
  });
  byId('version').textContent = `amlattach ${version()}`;
  form.inert = false;
  document.documentElement.dataset.ready = 'true';
} catch (error) {
  const message = byId('load-error');
  message.hidden = false;
  message.textContent = cannotStart('The checker', error);
}
