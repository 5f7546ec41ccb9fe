// @ts-check
/**
 * The Azure ML extension form's fields, built from the core's table of the extension's settings
 * (`extensionSettings()`), each by its kind: a box ticked as its documented default for a
 * boolean, a list of the allowed values for a choice, a text box, a box of `name=value` lines
 * for a family (`nodeSelector.`), a file chooser for a PEM file, and, for a secret, a box that
 * says the commands read it from the environment (its value is never typed here). Each is
 * labelled by its key, as the extension reads it, with the table's words as its hint and a
 * verdict region, in the groups of extension-form's spec module; the spec's own release train,
 * version and automatic upgrades come last. No checking: www/extension-form.js reads these.
 *
 * A PEM file's text stays in this module's closure, for the checks: never in the state, a link
 * or the DOM (but the file chooser itself); the spec and the state get its name only.
 * @module
 */
import { element } from './shared/dom.js';
import { messageNodes } from './shared/words.js';
import { GROUPS, groupOf, isFamily, isOnByDefault } from './shared/extension-spec.js';
import { MAX_FILE_BYTES } from './paste.js';

/** @typedef {import('./pkg/amlattach_generate.js').ExtensionSetting} ExtensionSetting */
/** @typedef {import('./shared/extension-spec.js').GroupId} GroupId */

/**
 * One field of the form.
 * @typedef {object} ExtensionField
 * @property {string} path its `data-path`: `config.<key>`, `config_protected.<key>` (a family's
 *   key without its dot), or the spec's own `release_train`, `version`, `auto_upgrade`
 * @property {ExtensionSetting | null} setting
 * @property {HTMLElement} element the field as a whole (hidden for a cluster of another kind)
 * @property {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} control
 * @property {HTMLElement} verdict
 * @property {() => string} read its value as the state keeps it (`''` when not set)
 * @property {(value: string) => void} write shows a value the state kept
 * @property {(() => string | null) | null} text a PEM file's text, when one is chosen
 */

/**
 * A group of fields, with a verdict region for what is about the group as a whole.
 * @typedef {{ id: GroupId, element: HTMLFieldSetElement, verdict: HTMLElement }} ExtensionGroup
 */

/**
 * Builds the fields into `container`, grouped, and returns them.
 * @param {HTMLElement} container
 * @param {readonly ExtensionSetting[]} settings the core's table
 * @param {{ onFileRead: () => void, releaseTrains: string[] }} options `onFileRead`: called once a
 *   chosen file has been read (or refused); `releaseTrains`: the core's, the default first
 * @returns {{ fields: ExtensionField[], groups: ExtensionGroup[], advanced: HTMLDetailsElement }}
 */
export function buildExtensionFields(container, settings, { onFileRead, releaseTrains }) {
  /** @type {ExtensionField[]} */
  const fields = [];
  /** @type {ExtensionGroup[]} */
  const groups = [];
  const advanced = element('details');
  advanced.className = 'extension-advanced';
  const parts = [];
  for (const { id, legend } of GROUPS) {
    const fieldset = element('fieldset');
    fieldset.className = 'group';
    fieldset.dataset.group = id;
    const verdict = verdictRegion(`extension-group-${id}-verdict`);
    fieldset.append(element('legend', legend), verdict);
    const members = id === 'release' ? releaseFields(releaseTrains) : settings.filter((s) => groupOf(s) === id).map((s) => settingField(s, onFileRead));
    if (members.length === 0) continue;
    const grid = element('div');
    grid.className = 'field-grid';
    grid.append(...members.map((field) => field.element));
    fieldset.append(grid);
    fields.push(...members);
    groups.push({ id, element: fieldset, verdict });
    if (id === 'advanced') {
      advanced.append(element('summary', `${legend} (${members.length})`), fieldset);
      parts.push(advanced);
    } else {
      parts.push(fieldset);
    }
  }
  container.replaceChildren(...parts);
  return { fields, groups, advanced };
}

/**
 * One setting's field, by its kind.
 * @param {ExtensionSetting} setting
 * @param {() => void} onFileRead
 * @returns {ExtensionField}
 */
function settingField(setting, onFileRead) {
  const family = isFamily(setting);
  const key = family ? setting.key.slice(0, -1) : setting.key;
  const path = `${setting.place === 'protected' ? 'config_protected' : 'config'}.${key}`;
  const id = `ext-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const box = fieldBox(id);
  const label = labelFor(id, key, setting.only);
  const hint = hintOf(id, setting);

  if (setting.kind === 'bool' || setting.kind === 'secret') {
    const control = input(id, path, 'checkbox');
    const onByDefault = setting.kind === 'bool' && isOnByDefault(setting);
    control.checked = onByDefault;
    label.prepend(control, ' ');
    box.element.append(label, hint, box.verdict);
    const read = () => (control.checked === onByDefault ? '' : String(control.checked));
    const write = (/** @type {string} */ value) => {
      control.checked = value === '' ? onByDefault : value === 'true';
    };
    return { path, setting, element: box.element, control, verdict: box.verdict, read, write, text: null };
  }
  if (setting.kind === 'choice') {
    const control = element('select');
    control.id = id;
    control.dataset.path = path;
    control.setAttribute('aria-describedby', `${hint.id} ${box.verdict.id}`);
    const unset = element('option', setting.default === null ? 'Not set' : `Not set (${setting.default})`);
    unset.value = '';
    control.append(unset, ...setting.values.map((value) => element('option', value)));
    box.element.append(label, control, hint, box.verdict);
    return { path, setting, element: box.element, control, verdict: box.verdict, ...valueOf(control), text: null };
  }
  if (setting.kind === 'local-path') return fileField(setting, path, id, { box, label, hint, onFileRead });
  if (family) {
    const control = element('textarea');
    control.id = id;
    control.dataset.path = path;
    control.setAttribute('aria-describedby', `${hint.id} ${box.verdict.id}`);
    control.rows = 2;
    control.spellcheck = false;
    control.autocapitalize = 'off';
    control.setAttribute('autocomplete', 'off');
    hint.append(' One a line: ', element('code', 'name=value'), ', given as ', element('code', `${setting.key}name=value`), '.');
    box.element.append(label, control, hint, box.verdict);
    return { path, setting, element: box.element, control, verdict: box.verdict, ...valueOf(control), text: null };
  }
  const control = input(id, path, 'text');
  box.element.append(label, control, hint, box.verdict);
  return { path, setting, element: box.element, control, verdict: box.verdict, ...valueOf(control), text: null };
}

/**
 * A PEM file's field: the file chooser, and the name the spec records with a button that
 * removes it (after a reload the name is kept, the text is not: the file is chosen again to be
 * checked).
 * @param {ExtensionSetting} setting
 * @param {string} path
 * @param {string} id
 * @param {{ box: { element: HTMLElement, verdict: HTMLElement }, label: HTMLLabelElement, hint: HTMLElement, onFileRead: () => void }} parts
 * @returns {ExtensionField}
 */
function fileField(setting, path, id, { box, label, hint, onFileRead }) {
  const control = input(id, path, 'file');
  control.accept = '.pem,.crt,.cer,.key,text/plain';
  const chosen = element('p');
  chosen.className = 'hint extension-file';
  chosen.id = `${id}-file`;
  const name = element('span');
  const remove = element('button', 'Remove');
  remove.type = 'button';
  remove.hidden = true;
  chosen.append(name, ' ', remove);
  control.setAttribute('aria-describedby', `${id}-hint ${chosen.id} ${box.verdict.id}`);
  box.element.append(label, control, chosen, hint, box.verdict);

  let recorded = '';
  /** @type {string | null} */
  let text = null;
  let reading = 0;
  const show = (/** @type {string} */ note) => {
    name.replaceChildren(...(recorded === '' ? [] : ['In the spec as ', element('code', recorded), note]));
    remove.hidden = recorded === '';
    remove.setAttribute('aria-label', `Remove ${recorded}`);
  };
  const write = (/** @type {string} */ value) => {
    recorded = value;
    text = null;
    control.value = '';
    show(value === '' ? '' : ': choose the file again to check it.');
  };
  control.addEventListener('change', () => {
    const file = control.files?.[0];
    if (file === undefined) return;
    const turn = (reading += 1);
    recorded = file.name;
    text = null;
    if (file.size > MAX_FILE_BYTES) {
      show(`: ${file.size} bytes, more than the ${MAX_FILE_BYTES} a PEM file is read up to, so it is not checked.`);
      onFileRead();
      return;
    }
    show(', reading it…');
    // Read here, with FileReader: the file never leaves the page.
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      if (turn !== reading) return;
      text = typeof reader.result === 'string' ? reader.result : '';
      show(', read here for its checks and kept nowhere.');
      onFileRead();
    });
    reader.addEventListener('error', () => {
      if (turn !== reading) return;
      show(': it could not be read here, so it is not checked.');
      onFileRead();
    });
    reader.readAsText(file);
  });
  remove.addEventListener('click', () => {
    reading += 1;
    write('');
    control.focus();
    onFileRead();
  });
  return { path, setting, element: box.element, control, verdict: box.verdict, read: () => recorded, write, text: () => text };
}

/**
 * The spec's own keys: the release train, a pinned version and automatic minor upgrades (which
 * a pinned version turns off; the form wires that).
 * @param {string[]} releaseTrains
 * @returns {ExtensionField[]}
 */
function releaseFields(releaseTrains) {
  const train = fieldBox('ext-release-train');
  const trains = element('select');
  trains.id = 'ext-release-train';
  trains.dataset.path = 'release_train';
  trains.setAttribute('aria-describedby', train.verdict.id);
  // The trains users install from, the default first (the core's list); the checker warns about
  // any other (`extension-release-train`).
  const [first, ...others] = releaseTrains;
  const byDefault = element('option', `${first} (the default)`);
  byDefault.value = '';
  trains.append(byDefault, ...others.map((train) => element('option', train)));
  train.element.append(labelFor(trains.id, 'Release train', null, false), trains, train.verdict);

  const pinned = fieldBox('ext-version');
  const version = input('ext-version', 'version', 'text');
  const versionHint = element('p', 'Such as 1.1.88. Without one, the train’s latest is installed.');
  versionHint.className = 'hint';
  versionHint.id = 'ext-version-hint';
  pinned.element.append(labelFor(version.id, 'Pinned version', null, false), version, versionHint, pinned.verdict);
  pinned.element.querySelector('label')?.append(' ', optional('(optional)'));

  const upgrades = fieldBox('ext-auto-upgrade');
  const auto = input('ext-auto-upgrade', 'auto_upgrade', 'checkbox');
  auto.checked = true;
  const autoLabel = labelFor(auto.id, 'Upgrade minor versions automatically', null, false);
  autoLabel.prepend(auto, ' ');
  const autoHint = element('p', 'On unless a version is pinned, which needs it off.');
  autoHint.className = 'hint';
  autoHint.id = 'ext-auto-upgrade-hint';
  upgrades.element.append(autoLabel, autoHint, upgrades.verdict);

  return [
    { path: 'release_train', setting: null, element: train.element, control: trains, verdict: train.verdict, ...valueOf(trains), text: null },
    { path: 'version', setting: null, element: pinned.element, control: version, verdict: pinned.verdict, ...valueOf(version), text: null },
    {
      path: 'auto_upgrade',
      setting: null,
      element: upgrades.element,
      control: auto,
      verdict: upgrades.verdict,
      read: () => (auto.checked ? '' : 'false'),
      write: (value) => {
        auto.checked = value !== 'false';
      },
      text: null,
    },
  ];
}

/**
 * A text control's value, as read and written.
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} control
 * @returns {{ read: () => string, write: (value: string) => void }}
 */
function valueOf(control) {
  return {
    read: () => control.value,
    write: (value) => {
      control.value = value;
      // A choice the list does not offer leaves it unset.
      if (control.value !== value) control.value = '';
    },
  };
}

/**
 * @param {string} id
 * @returns {{ element: HTMLElement, verdict: HTMLElement }}
 */
function fieldBox(id) {
  const box = element('div');
  box.className = 'field';
  return { element: box, verdict: verdictRegion(`${id}-verdict`) };
}

/** @param {string} id */
function verdictRegion(id) {
  const verdict = element('div');
  verdict.id = id;
  verdict.className = 'verdict';
  verdict.setAttribute('role', 'status');
  verdict.setAttribute('aria-live', 'polite');
  verdict.dataset.state = 'empty';
  return verdict;
}

/**
 * @param {string} id
 * @param {string} path
 * @param {'text' | 'checkbox' | 'file'} type
 */
function input(id, path, type) {
  const control = element('input');
  control.type = type;
  control.id = id;
  control.dataset.path = path;
  if (type === 'text') {
    control.autocomplete = 'off';
    control.spellcheck = false;
    control.autocapitalize = 'off';
  }
  control.setAttribute('aria-describedby', `${id}-hint ${id}-verdict`);
  return control;
}

/**
 * A label: the key as code (as the extension reads it), or words; "(AKS only)" for a setting of
 * one kind of cluster.
 * @param {string} id
 * @param {string} text
 * @param {ExtensionSetting['only']} only
 * @param {boolean} [isKey]
 */
function labelFor(id, text, only, isKey = true) {
  const label = element('label');
  label.htmlFor = id;
  label.append(isKey ? element('code', text) : text);
  if (only !== null) label.append(' ', optional(only === 'aks' ? '(AKS only)' : '(Arc only)'));
  return label;
}

/** @param {string} text */
function optional(text) {
  const span = element('span', text);
  span.className = 'optional';
  return span;
}

/**
 * The table's words for a setting, and its documented default.
 * @param {string} id
 * @param {ExtensionSetting} setting
 */
function hintOf(id, setting) {
  const hint = element('p');
  hint.className = 'hint';
  hint.id = `${id}-hint`;
  hint.append(...messageNodes(setting.about, { commands: false }));
  if (setting.kind === 'secret') hint.append(' Never typed here: the commands read it from an environment variable they name.');
  else if (setting.default !== null) hint.append(' Default: ', element('code', setting.default), '.');
  return hint;
}
