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
