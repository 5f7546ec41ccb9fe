// @ts-check
/**
 * The DOM helpers every page script and the extension's popup use: an element by its id, of the
 * type the caller expects, and a new element with its text. Text only: nothing becomes markup.
 * @module
 */

/**
 * The element with this id, or an error naming it; with `type`, an error too when the element is
 * not of that type, so a caller gets the type it asked for without a cast.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {new (...args: any[]) => T} [type] e.g. `HTMLInputElement`
 * @returns {T}
 */
export function byId(id, type) {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  if (type !== undefined && !(node instanceof type)) throw new Error(`the page's #${id} is not a ${type.name}`);
  return /** @type {T} */ (node);
}

/**
 * A new element with optional text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function element(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The "Fill the form with this spec" control a spec box offers the page's form (the paste box
 * and the Commands section): a hidden button in an actions row, and the status line under it that
 * says what filling did. The caller places both and shows the button when it has a spec.
 * @param {string} prefix the ids: `${prefix}-fill` and `${prefix}-fill-status`
 */
export function fillControl(prefix) {
  const button = element('button', 'Fill the form with this spec');
  button.type = 'button';
  button.id = `${prefix}-fill`;
  button.hidden = true;
  const status = element('p');
  status.id = `${prefix}-fill-status`;
  status.className = 'hint';
  status.setAttribute('role', 'status');
  const actions = element('p');
  actions.className = 'actions';
  actions.append(button);
  return { actions, button, status };
}
