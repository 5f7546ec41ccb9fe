// @ts-check
/**
 * Paths of diagnostics and fields, in the spec's own dotted key names (`identity.type`,
 * `identity.user_assigned_identities[0].resource_id`, `config.enableTraining`): the path one
 * level up, and the field that shows a diagnostic. Shared by the page's compute form, its Azure
 * ML extension form, the popup, and the words that name a path. No DOM, no wasm.
 * @module
 */

/**
 * The path of the field that shows a diagnostic at `path`: the path itself when a field has
 * it, else its nearest ancestor that one has (`identity.user_assigned_identities[0].resource_id`
 * → `identity.user_assigned_identities` → `identity`), else null.
 * @param {string} path a diagnostic's path (`""` is the whole document)
 * @param {{ has(path: string): boolean }} fields the paths that have a field
 * @returns {string | null}
 */
export function fieldPathFor(path, fields) {
  for (let current = path; current !== ''; current = parentPath(current)) {
    if (fields.has(current)) return current;
  }
  return null;
}

/**
 * The path one level up: drops the last `.key` or `[index]`; `""` at the top.
 * @param {string} path
 * @returns {string}
 */
export function parentPath(path) {
  const match = /(?:\.[^.[\]]*|\[\d+\])$/.exec(path);
  return match === null ? '' : path.slice(0, match.index);
}
