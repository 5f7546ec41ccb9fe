// @ts-check
/**
 * The form's spec handed to the Commands section (www/shared/generate.js), through its box's
 * text and data attributes: the spec once it validates, with the workspace the form names; what
 * stops the commands while the form has errors, so that no stale command is shown.
 * @module
 */

/**
 * Puts the form's spec, once it validates, into the Commands section (with the workspace the
 * form names as context), which then writes every target for it. Until the form is valid the
 * section keeps what it has (its example, or what the user pasted there).
 * @param {object} normalized
 * @param {object | null} context
 */
export function showInCommands(normalized, context) {
  const box = document.getElementById('generate-spec');
  if (!(box instanceof HTMLTextAreaElement)) return;
  // JSON is YAML too: the Commands section reads either.
  const text = `${JSON.stringify(normalized, null, 2)}\n`;
  const workspace = context === null ? null : /** @type {{ workspace?: object }} */ (context).workspace;
  const given = workspace === undefined || workspace === null ? '' : JSON.stringify({ workspace });
  if (box.value === text && (box.dataset.context ?? '') === given && box.dataset.source === 'form' && !box.dataset.blocked) return;
  box.value = text;
  box.dataset.context = given;
  box.dataset.source = 'form';
  delete box.dataset.blocked;
  box.dispatchEvent(new Event('input'));
}

/**
 * Tells the Commands section, when it follows the form, that the form no longer makes a valid
 * spec: it shows what stops the commands instead of the last valid ones.
 * @param {number} errors how many errors the form has
 * @param {string} first the first one, in the checker's words
 */
export function blockCommands(errors, first) {
  const box = document.getElementById('generate-spec');
  if (!(box instanceof HTMLTextAreaElement) || box.dataset.source !== 'form') return;
  const text = `No commands while the form has ${errors === 1 ? 'an error' : `${errors} errors`} (${first}): fix ${errors === 1 ? 'it' : 'them'} above and the commands come back.`;
  if (box.dataset.blocked === text) return;
  box.dataset.blocked = text;
  box.dispatchEvent(new Event('input'));
}
