// @ts-check
/**
 * Combining the Chromium flags of several local test servers. Chromium keeps only the last
 * value of a repeated switch, so two servers' `--ignore-certificate-errors-spki-list` (or
 * `--host-resolver-rules`) flags side by side would silently drop the first; these list-valued
 * switches are merged into one, their values joined with commas.
 *
 *   launchWithExtension(mergeChromiumArgs(idp.chromiumArgs, portal.chromiumArgs))
 *
 * @module
 */

/** Switches whose value is a comma-separated list. */
const LIST_SWITCHES = new Set(['--ignore-certificate-errors-spki-list', '--host-resolver-rules']);

/**
 * One flag list from several: list-valued switches merged (at the place of their first
 * occurrence), every other flag kept as given, in order.
 * @param {...string[]} argLists
 * @returns {string[]}
 */
export function mergeChromiumArgs(...argLists) {
  /** @type {string[]} */
  const out = [];
  /** @type {Map<string, { index: number, values: string[] }>} */
  const lists = new Map();
  for (const arg of argLists.flat()) {
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (eq === -1 || !LIST_SWITCHES.has(name)) {
      out.push(arg);
      continue;
    }
    const values = arg.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v !== '');
    const seen = lists.get(name);
    if (seen) {
      for (const v of values) if (!seen.values.includes(v)) seen.values.push(v);
    } else {
      lists.set(name, { index: out.length, values });
      out.push(name);
    }
  }
  for (const [name, { index, values }] of lists) out[index] = `${name}=${values.join(',')}`;
  return out;
}
