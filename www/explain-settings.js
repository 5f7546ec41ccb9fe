// @ts-check
/**
 * The troubleshooter's "extension settings at fault" (src/explain/setting.rs): each setting the
 * failure is about, with the value the pasted command or the installed extension gives it, the
 * value the fix sets, and a link to its field in the extension form of "Prepare the cluster"
 * (www/extension-form.js, fields by `data-path` `config.<key>`), where the page checks and
 * writes the install again.
 * @module
 */
import { element } from './shared/dom.js';

/** @typedef {import('./pkg/amlattach_explain.js').SettingAtFault} SettingAtFault */

/**
 * Shows the extension form's field for `key`: the attach task (the form is in its first step),
 * a folded group opened, the field focused. Without the field (not for this cluster's kind, or
 * the form not built yet) the form's heading is shown.
 * @param {string} key
 */
export function showSetting(key) {
  const reveal = () => {
    const field = /** @type {HTMLElement | null} */ (document.querySelector(`#extension-form [data-path="config.${CSS.escape(key)}"]`));
    const target = field ?? document.getElementById('extension-title');
    if (target === null) return;
    for (let folded = target.closest('details'); folded !== null; folded = folded.parentElement?.closest('details') ?? null) folded.open = true;
    target.scrollIntoView({ block: 'center' });
    if (field !== null) field.focus();
  };
  if (document.body.dataset.task !== undefined && document.body.dataset.task !== 'attach') {
    // The form shows once the task chooser has switched (www/tasks.js, on `hashchange`).
    window.addEventListener('hashchange', reveal, { once: true });
    location.hash = 'attach';
  } else {
    reveal();
  }
}

/**
 * The list of settings at fault, or nothing when the failure names none.
 * @param {SettingAtFault[]} settings
 * @returns {HTMLElement[]}
 */
export function renderSettings(settings) {
  if (settings.length === 0) return [];
  const list = element('ul');
  list.className = 'settings-at-fault';
  list.setAttribute('aria-label', 'Extension settings at fault');
  for (const setting of settings) {
    const item = element('li');
    item.dataset.key = setting.key;
    item.append(element('code', setting.key));
    item.append(` ${valueWords(setting)}: ${setting.why}. `);
    if (setting.ignored !== null) {
      item.append('Your command’s ', element('code', setting.ignored), ' is not read as this setting. ');
    }
    const link = element('a', 'Change it in the extension form');
    link.href = '#attach';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      showSetting(setting.key);
    });
    const doc = element('a', 'its documentation');
    doc.href = setting.source;
    doc.rel = 'noreferrer noopener';
    doc.target = '_blank';
    item.append(link, ' · ', doc);
    list.append(item);
  }
  return [element('p', 'The extension settings at fault:'), list];
}

/**
 * Its value and the fix's, in words.
 * @param {SettingAtFault} setting
 */
function valueWords(setting) {
  const now =
    setting.value !== null
      ? `is ${setting.value} ${setting.valueFrom === 'command' ? 'in your command' : 'on the installed extension'}`
      : setting.default !== null
        ? `is not set (its default: ${setting.default})`
        : 'is not set';
  return setting.fixValue !== null ? `${now}, the fix sets ${setting.fixValue}` : now;
}
