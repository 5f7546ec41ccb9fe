// @ts-check
/**
 * The Azure ML extension's fields as data, without the DOM, for the page's extension form
 * (www/extension-form.js) and the popup's extension step (extension/popup-extension.js): which
 * group of the page's form shows each setting, the extension spec `validateExtension` takes
 * built from the fields' values, and the field that shows a diagnostic. The settings themselves
 * (keys, kinds, defaults, allowed values, where they go, AKS or Arc only, their words) come from
 * the core's table, `extensionSettings()`; this module only groups them.
 * @module
 */
import { fieldPathFor } from './paths.js';

/** @typedef {import('../pkg/amlattach_generate.js').ExtensionSetting} ExtensionSetting */
/** @typedef {import('../pkg/amlattach_generate.js').Diagnostic} Diagnostic */

/**
 * The groups the form shows the settings in, in this order. A setting no group names (one the
 * core's table gains later) goes to `advanced`, which is folded.
 * @typedef {'training' | 'inference' | 'tls' | 'components' | 'release' | 'advanced'} GroupId
 * @type {readonly { id: GroupId, legend: string }[]}
 */
export const GROUPS = Object.freeze([
  { id: 'training', legend: 'Training' },
  { id: 'inference', legend: 'Inference' },
  { id: 'tls', legend: 'TLS for the inference endpoints' },
  { id: 'components', legend: 'Components and nodes' },
  { id: 'release', legend: 'Release train and version' },
  { id: 'advanced', legend: 'Advanced settings' },
]);

/** The group of each setting the form groups by hand; the only place it names settings. */
const GROUP_OF = /** @type {Readonly<Record<string, GroupId>>} */ ({
  enableTraining: 'training',
  installVolcano: 'training',
  'volcanoScheduler.schedulerConfigMap': 'training',
  'amloperator.skipResourceValidation': 'training',
  enableInference: 'inference',
  inferenceRouterServiceType: 'inference',
  internalLoadBalancerProvider: 'inference',
  inferenceRouterHA: 'inference',
  'nginxIngress.controller': 'inference',
  'nginxIngress.': 'inference',
  'scoringFe.enableUpgrade': 'inference',
  allowInsecureConnections: 'tls',
  sslSecret: 'tls',
  sslCname: 'tls',
  sslCertPemFile: 'tls',
  sslKeyPemFile: 'tls',
  'nodeSelector.': 'components',
  installNvidiaDevicePlugin: 'components',
  installDcgmExporter: 'components',
  installPromOp: 'components',
});

/**
 * Which of `validateExtension`'s `pem` texts each PEM file setting's file is: the certificate
 * and key the CNAME and key checks read (the files themselves are only named in the spec).
 */
export const PEM_TEXT_OF = /** @type {Readonly<Record<string, 'cert' | 'key'>>} */ ({ sslCertPemFile: 'cert', sslKeyPemFile: 'key' });

/**
 * Diagnostics the core ties to the setting that asks for something, shown instead where the user
 * gives it: inference without TLS at the TLS group (a group's place is `group:` and its id; a
 * missing router type is already at its own setting's path). Branches on codes, never on words.
 */
const SHOWN_AT = /** @type {Readonly<Record<string, string>>} */ ({
  // Any of several settings satisfies it: said at their group.
  'extension-tls-required': 'group:tls',
});

/**
 * The value a setting that holds a secret (a connection string) is given: the form never takes
 * the secret itself. A value starting with `$` says "from the environment"; the core names the
 * variable the generated commands read (`$AML_…`, in `normalized`).
 */
export const FROM_ENVIRONMENT = '$';

/**
 * The group a setting is shown in.
 * @param {ExtensionSetting} setting
 * @returns {GroupId}
 */
export function groupOf(setting) {
  return GROUP_OF[setting.key] ?? 'advanced';
}

/**
 * True for a family of settings (`nodeSelector.` → `nodeSelector.<label>=<value>`).
 * @param {ExtensionSetting} setting
 */
export function isFamily(setting) {
  return setting.key.endsWith('.');
}

/**
 * True when a boolean setting is on unless it is set (its documented default is `True`).
 * @param {ExtensionSetting} setting
 */
export function isOnByDefault(setting) {
  return /^true$/i.test(setting.default ?? '');
}

/**
 * What one field holds, for the spec: its `data-path`, its setting (none for the spec's own
 * `release_train`, `version` and `auto_upgrade`) and its value as the state keeps it (`''` when
 * not set; `'true'`/`'false'` for a box ticked otherwise than its default; the lines of a
 * family; a PEM file's name; `'true'` for a secret read from the environment).
 * @typedef {{ path: string, setting: ExtensionSetting | null, value: string }} FieldEntry
 */

/**
 * The extension spec for a cluster and the fields' values: the spec's own keys, `config`, and
 * `config_protected` for the settings the table places there. Fields not set are left out.
 * @param {string} cluster the compute form's cluster resource id (`''` when it has none)
 * @param {readonly FieldEntry[]} entries
 * @returns {Record<string, unknown>}
 */
export function buildExtensionSpec(cluster, entries) {
  /** @type {Record<string, unknown>} */
  const spec = {};
  if (cluster.trim() !== '') spec.cluster = cluster.trim();
  /** @type {Record<string, unknown>} */
  const config = {};
  /** @type {Record<string, unknown>} */
  const secured = {};
  for (const { path, setting, value } of entries) {
    if (value.trim() === '') continue;
    if (setting === null) {
      spec[path] = path === 'auto_upgrade' ? value === 'true' : value.trim();
      continue;
    }
    const target = setting.place === 'protected' ? secured : config;
    if (isFamily(setting)) {
      for (const [name, given] of pairs(value)) target[`${setting.key}${name}`] = given;
    } else if (setting.kind === 'bool') {
      target[setting.key] = value === 'true';
    } else if (setting.kind === 'secret') {
      target[setting.key] = FROM_ENVIRONMENT;
    } else {
      target[setting.key] = value.trim();
    }
  }
  spec.config = config;
  if (Object.keys(secured).length > 0) spec.config_protected = secured;
  return spec;
}

/**
 * The `name=value` lines of a family's box, blank lines left out; a line without `=` is a name
 * with an empty value (the checker says whether that may be).
 * @param {string} text
 * @returns {[string, string][]}
 */
export function pairs(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? [line, ''] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
}

/**
 * Where a diagnostic is shown: the place the user gives what it asks for (`SHOWN_AT`), else the
 * field of its path or of its nearest ancestor, else `''` (the form's general list). `cluster`
 * is the compute form's cluster, said at the top of the form.
 * @param {Diagnostic} diagnostic
 * @param {{ has(place: string): boolean }} places the places shown now
 * @returns {string}
 */
export function placeFor(diagnostic, places) {
  const moved = SHOWN_AT[diagnostic.code];
  if (moved !== undefined && places.has(moved)) return moved;
  return fieldPathFor(diagnostic.path, places) ?? '';
}
