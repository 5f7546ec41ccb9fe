// @ts-check
/**
 * The extension package check: what the Chrome Web Store would reject, found before uploading. It
 * reads an unpacked extension folder or its zip (scripts/package.sh) and lists every problem with
 * its file, errors and warnings, then exits 1 when there is an error:
 *
 * - the manifest: valid JSON at the package's root, Manifest V3, a name, a version in Chrome's
 *   form, a description of at most 132 characters (the store's summary);
 * - icons: each file `icons` and `action.default_icon` name exists, is a PNG and has the pixel size
 *   its key says; a 128 × 128 icon for the store;
 * - every file the manifest names (worker, popup, side panel, content scripts, options) exists;
 * - no remote code: no `<script src>` of an http(s) or protocol-relative address in any HTML, no
 *   static or dynamic `import` or `importScripts` of one in any script, no `eval(` or
 *   `new Function(` anywhere (the wasm-bindgen glue included);
 * - a Content Security Policy whose `script-src` (and `worker-src`) allows nothing but 'self' and
 *   'wasm-unsafe-eval';
 * - permissions: each is in PERMISSION_EVIDENCE (unknown ones are refused) and used, as that table
 *   says (`identity` needs `chrome.identity.` in a script, `sidePanel` `chrome.sidePanel.` or a
 *   `side_panel` key…); host permissions only with evidence of use, `<all_urls>` and wildcard
 *   hosts only with an API that needs them;
 * - file names Chrome reserves (`_` at the start of a name but `_locales`), and the store's upload
 *   limit;
 * - with `--store`, a `homepage_url` over https (the privacy policy, scripts/build.sh writes it).
 *
 * Warnings, which do not fail: a file nothing in the package names (by its file name), hidden
 * files, content scripts on every site.
 *
 *   node scripts/check-extension.mjs <folder-or-zip> [--store]
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { pngHeader } from './png.mjs';

/** @typedef {{ severity: 'error' | 'warning', file: string, message: string }} Problem */
/** @typedef {{ api?: string[], manifestKey?: string }} Evidence what shows a permission is used: a call in a script, or a manifest key */

/**
 * The permissions the check knows, each with what shows it is used: the prefix of an API call in
 * any script of the package, or a manifest key that needs it. A permission not listed here is
 * refused until it is added with its evidence.
 * @type {Readonly<Record<string, Evidence>>}
 */
export const PERMISSION_EVIDENCE = Object.freeze({
  alarms: { api: ['chrome.alarms.'] },
  contextMenus: { api: ['chrome.contextMenus.'] },
  cookies: { api: ['chrome.cookies.'] },
  declarativeNetRequest: { api: ['chrome.declarativeNetRequest.'], manifestKey: 'declarative_net_request' },
  downloads: { api: ['chrome.downloads.'] },
  identity: { api: ['chrome.identity.'] },
  notifications: { api: ['chrome.notifications.'] },
  offscreen: { api: ['chrome.offscreen.'] },
  scripting: { api: ['chrome.scripting.'] },
  sidePanel: { api: ['chrome.sidePanel.'], manifestKey: 'side_panel' },
  storage: { api: ['chrome.storage.'] },
  tabs: { api: ['chrome.tabs.'] },
  webNavigation: { api: ['chrome.webNavigation.'] },
});

/** APIs that need access to every site, the evidence for `<all_urls>` or a wildcard host. */
const ALL_SITES_APIS = ['chrome.scripting.', 'chrome.webRequest.', 'chrome.declarativeNetRequest.', 'chrome.cookies.', 'chrome.tabs.executeScript'];

/** The Chrome Web Store's limits. */
export const LIMITS = Object.freeze({
  /** The store's summary is the manifest's description, at most this long. */
  descriptionChars: 132,
  /** Chrome refuses a longer name. */
  nameChars: 75,
  /** The store's upload limit for a package (the zip, and what it holds unpacked). */
  packageBytes: 2 * 1024 ** 3,
  /** The icon size the store shows, which it requires. */
  storeIcon: 128,
});

/** The sources a script-src (or worker-src) may list. */
const ALLOWED_SCRIPT_SOURCES = ["'self'", "'wasm-unsafe-eval'", "'none'"];

/** Text files whose contents are scanned: scripts, pages, stylesheets, JSON. */
const SCRIPT = /\.(?:js|mjs)$/;
const PAGE = /\.html?$/;
const TEXT = /\.(?:js|mjs|html?|css|json|svg|txt|md)$/;

/** Remote code in a script: each pattern with what it is. */
const REMOTE_IN_SCRIPT = [
  { pattern: /\b(?:import|export)\b[^;'"`]*?\bfrom\s*(['"])(?:https?:)?\/\/[^'"]*\1/g, what: 'imports a module from another origin' },
  { pattern: /\bimport\s*(['"])(?:https?:)?\/\/[^'"]*\1/g, what: 'imports a module from another origin' },
  { pattern: /\bimport\s*\(\s*(['"`])(?:https?:)?\/\//g, what: 'imports a module from another origin at run time' },
  { pattern: /\bimportScripts\s*\([^)]*?(['"`])(?:https?:)?\/\//g, what: 'loads a script from another origin (importScripts)' },
  { pattern: /(?<![\w$.])eval\s*\(/g, what: 'calls eval(' },
  { pattern: /\bnew\s+Function\s*\(/g, what: 'builds code with new Function(' },
];
/** Remote code in a page: a script element whose src is another origin's. */
const REMOTE_IN_PAGE = /<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//gi;

/**
 * Checks the extension at `path` (a folder, or a zip).
 * @param {string} path
 * @param {{ store?: boolean, limits?: Partial<typeof LIMITS> }} [options] `store`: what only a
 *   store upload needs (homepage_url); `limits`: other limits (the tests' small packages)
 * @returns {{ problems: Problem[], files: number }}
 */
export function checkExtension(path, { store = false, limits = {} } = {}) {
  const limit = { ...LIMITS, ...limits };
  if (statSync(path).isDirectory()) return checkFiles(readFolder(path), { store, limit });
  const unzipped = mkdtempSync(join(tmpdir(), 'amlattach-check-'));
  try {
    /** @type {Problem[]} */
    const problems = [];
    const zipBytes = statSync(path).size;
    if (zipBytes > limit.packageBytes) problems.push(error(basename(path), `the zip is ${zipBytes} bytes, over the store's limit of ${limit.packageBytes}`));
    unzip(path, unzipped);
    const result = checkFiles(readFolder(unzipped), { store, limit });
    return { problems: [...problems, ...result.problems], files: result.files };
  } finally {
    rmSync(unzipped, { recursive: true, force: true });
  }
}

/**
 * The checks over the package's files.
 * @param {Map<string, Buffer>} files by path inside the package, with / separators
 * @param {{ store: boolean, limit: typeof LIMITS }} options
 * @returns {{ problems: Problem[], files: number }}
 */
function checkFiles(files, { store, limit }) {
  /** @type {Problem[]} */
  const problems = [];
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) {
    const nested = [...files.keys()].find((name) => name.endsWith('/manifest.json'));
    problems.push(error('manifest.json', nested ? `not at the package's root (found ${nested}): zip the folder's contents, not the folder` : 'missing'));
    return { problems, files: files.size };
  }
  /** @type {Record<string, any>} */
  let manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8'));
  } catch (cause) {
    problems.push(error('manifest.json', `not valid JSON: ${/** @type {Error} */ (cause).message}`));
    return { problems, files: files.size };
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    problems.push(error('manifest.json', 'not a JSON object'));
    return { problems, files: files.size };
  }
  const scripts = [...files].filter(([name]) => SCRIPT.test(name)).map(([name, bytes]) => /** @type {[string, string]} */ ([name, bytes.toString('utf8')]));

  checkManifestFields(manifest, limit, problems);
  checkIcons(manifest, files, limit, problems);
  checkNamedFiles(manifest, files, problems);
  checkRemoteCode(files, scripts, problems);
  checkCsp(manifest, problems);
  checkPermissions(manifest, scripts, problems);
  checkNames(manifest, files, limit, problems);
  if (store) checkStore(manifest, problems);
  return { problems, files: files.size };
}

/**
 * The manifest's own fields.
 * @param {Record<string, any>} manifest
 * @param {typeof LIMITS} limit
 * @param {Problem[]} problems
 */
function checkManifestFields(manifest, limit, problems) {
  if (manifest.manifest_version !== 3) problems.push(error('manifest.json', `manifest_version is ${JSON.stringify(manifest.manifest_version)}, not 3: the store takes Manifest V3 only`));
  if (typeof manifest.name !== 'string' || manifest.name.trim() === '') problems.push(error('manifest.json', 'no name'));
  else if (manifest.name.length > limit.nameChars) problems.push(error('manifest.json', `name has ${manifest.name.length} characters, over ${limit.nameChars}`));
  if (typeof manifest.version !== 'string') problems.push(error('manifest.json', 'no version'));
  else if (!/^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){0,3}$/.test(manifest.version) || manifest.version.split('.').some((part) => Number(part) > 65535)) {
    problems.push(error('manifest.json', `version ${JSON.stringify(manifest.version)} is not one to four dot-separated integers of 0 to 65535`));
  }
  if (typeof manifest.description !== 'string' || manifest.description.trim() === '') problems.push(error('manifest.json', 'no description (the store\'s summary)'));
  else if (manifest.description.length > limit.descriptionChars) {
    problems.push(error('manifest.json', `description has ${manifest.description.length} characters, over the store's ${limit.descriptionChars}`));
  }
}

/**
 * `icons` and `action.default_icon`: each a PNG of its size, and the store's 128.
 * @param {Record<string, any>} manifest
 * @param {Map<string, Buffer>} files
 * @param {typeof LIMITS} limit
 * @param {Problem[]} problems
 */
function checkIcons(manifest, files, limit, problems) {
  const icons = manifest.icons;
  if (icons === undefined || icons === null || typeof icons !== 'object') {
    problems.push(error('manifest.json', `no icons: the store needs icons["${limit.storeIcon}"], a ${limit.storeIcon} × ${limit.storeIcon} PNG`));
  } else {
    if (!(String(limit.storeIcon) in icons)) problems.push(error('manifest.json', `no icons["${limit.storeIcon}"]: the store needs a ${limit.storeIcon} × ${limit.storeIcon} PNG`));
    for (const [size, file] of Object.entries(icons)) checkIcon(`icons["${size}"]`, size, file, files, problems);
  }
  const actionIcon = manifest.action?.default_icon;
  if (typeof actionIcon === 'string') checkIcon('action.default_icon', null, actionIcon, files, problems);
  else if (actionIcon && typeof actionIcon === 'object') {
    for (const [size, file] of Object.entries(actionIcon)) checkIcon(`action.default_icon["${size}"]`, size, file, files, problems);
  }
}

/**
 * One icon: its file exists, is a PNG, and is `size` × `size` pixels when a size is given.
 * @param {string} key where the manifest names it
 * @param {string | null} size
 * @param {unknown} file
 * @param {Map<string, Buffer>} files
 * @param {Problem[]} problems
 */
function checkIcon(key, size, file, files, problems) {
  if (typeof file !== 'string') {
    problems.push(error('manifest.json', `${key} is not a path`));
    return;
  }
  const bytes = files.get(normalise(file));
  if (!bytes) {
    problems.push(error(file, `missing (named by ${key})`));
    return;
  }
  const header = pngHeader(bytes);
  if (!header) {
    problems.push(error(file, `not a PNG (named by ${key}; the store takes PNG icons)`));
    return;
  }
  if (size !== null && (header.width !== Number(size) || header.height !== Number(size))) {
    problems.push(error(file, `${header.width} × ${header.height} pixels, but ${key} says ${size} × ${size}`));
  }
}

/**
 * Every other file the manifest names exists.
 * @param {Record<string, any>} manifest
 * @param {Map<string, Buffer>} files
 * @param {Problem[]} problems
 */
function checkNamedFiles(manifest, files, problems) {
  /** @type {[string, unknown][]} */
  const named = [
    ['background.service_worker', manifest.background?.service_worker],
    ['action.default_popup', manifest.action?.default_popup],
    ['side_panel.default_path', manifest.side_panel?.default_path],
    ['options_page', manifest.options_page],
    ['options_ui.page', manifest.options_ui?.page],
    ...(Array.isArray(manifest.content_scripts) ? manifest.content_scripts : []).flatMap((/** @type {any} */ script, /** @type {number} */ i) => [
      ...(script.js ?? []).map((/** @type {unknown} */ file) => /** @type {[string, unknown]} */ ([`content_scripts[${i}].js`, file])),
      ...(script.css ?? []).map((/** @type {unknown} */ file) => /** @type {[string, unknown]} */ ([`content_scripts[${i}].css`, file])),
    ]),
  ];
  for (const [key, file] of named) {
    if (file === undefined) continue;
    if (typeof file !== 'string') problems.push(error('manifest.json', `${key} is not a path`));
    else if (!files.has(normalise(file.replace(/[?#].*$/, '')))) problems.push(error(file, `missing (named by ${key})`));
  }
}

/**
 * Remote code and code built from strings, in every script and page.
 * @param {Map<string, Buffer>} files
 * @param {[string, string][]} scripts
 * @param {Problem[]} problems
 */
function checkRemoteCode(files, scripts, problems) {
  for (const [name, text] of scripts) {
    for (const { pattern, what } of REMOTE_IN_SCRIPT) {
      for (const match of text.matchAll(pattern)) problems.push(error(`${name}:${lineOf(text, match.index ?? 0)}`, `${what}: remote code is not allowed`));
    }
  }
  for (const [name, bytes] of files) {
    if (!PAGE.test(name)) continue;
    const text = bytes.toString('utf8');
    for (const match of text.matchAll(REMOTE_IN_PAGE)) problems.push(error(`${name}:${lineOf(text, match.index ?? 0)}`, 'loads a script from another origin (<script src>): remote code is not allowed'));
  }
}

/**
 * The extension pages' CSP: scripts and workers from the package only, wasm allowed.
 * @param {Record<string, any>} manifest
 * @param {Problem[]} problems
 */
function checkCsp(manifest, problems) {
  const csp = manifest.content_security_policy;
  if (csp === undefined) return;
  if (typeof csp === 'string') {
    problems.push(error('manifest.json', 'content_security_policy is a string (Manifest V2\'s form): Manifest V3 wants { "extension_pages": "…" }'));
    return;
  }
  const policy = csp?.extension_pages;
  if (policy === undefined) return;
  if (typeof policy !== 'string') {
    problems.push(error('manifest.json', 'content_security_policy.extension_pages is not a string'));
    return;
  }
  const directives = new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
  for (const name of ['script-src', 'worker-src']) {
    const sources = directives.get(name) ?? (name === 'script-src' ? directives.get('default-src') : undefined);
    const extra = (sources ?? []).filter((source) => !ALLOWED_SCRIPT_SOURCES.includes(source.toLowerCase()));
    if (extra.length > 0) problems.push(error('manifest.json', `content_security_policy.extension_pages ${name} allows ${extra.join(' ')}: only 'self' and 'wasm-unsafe-eval' may run`));
  }
}

/**
 * Permissions and host permissions: known, and used.
 * @param {Record<string, any>} manifest
 * @param {[string, string][]} scripts
 * @param {Problem[]} problems
 */
function checkPermissions(manifest, scripts, problems) {
  const uses = (/** @type {string} */ api) => scripts.some(([, text]) => text.includes(api));
  for (const key of ['permissions', 'optional_permissions']) {
    for (const permission of manifest[key] ?? []) {
      if (permission === '<all_urls>' || /:\/\//.test(permission)) {
        problems.push(error('manifest.json', `${key} lists the host ${permission}: hosts go in host_permissions`));
        continue;
      }
      const evidence = Object.hasOwn(PERMISSION_EVIDENCE, permission) ? PERMISSION_EVIDENCE[permission] : undefined;
      if (!evidence) {
        problems.push(error('manifest.json', `${key}: unknown permission "${permission}": scripts/check-extension.mjs has no evidence of use for it (add it to PERMISSION_EVIDENCE if it is needed)`));
        continue;
      }
      const used = (evidence.api ?? []).some(uses) || (evidence.manifestKey !== undefined && evidence.manifestKey in manifest);
      if (!used) {
        const wanted = [...(evidence.api ?? []).map((api) => `${api} in a script`), ...(evidence.manifestKey ? [`a ${evidence.manifestKey} key`] : [])].join(' or ');
        problems.push(error('manifest.json', `${key}: "${permission}" is not used (no ${wanted}): the store refuses unused permissions`));
      }
    }
  }
  for (const key of ['host_permissions', 'optional_host_permissions']) {
    for (const pattern of manifest[key] ?? []) {
      const host = /^[^:]+:\/\/([^/]*)\//.exec(pattern)?.[1];
      const everySite = pattern === '<all_urls>' || host === undefined || host === '*' || host === '';
      if (everySite) {
        if (!ALL_SITES_APIS.some(uses)) problems.push(error('manifest.json', `${key}: ${pattern} gives access to every site, and no script uses an API that needs it (${ALL_SITES_APIS.join(', ')})`));
      } else if (!scripts.some(([, text]) => text.includes(host.replace(/^\*\./, '')))) {
        problems.push(error('manifest.json', `${key}: ${pattern} is not used (no script names ${host})`));
      }
    }
  }
  for (const [i, script] of (Array.isArray(manifest.content_scripts) ? manifest.content_scripts : []).entries()) {
    for (const match of script.matches ?? []) {
      if (match === '<all_urls>' || /^[^:]+:\/\/\*\//.test(match)) problems.push(warning('manifest.json', `content_scripts[${i}] runs on every site (${match}): the store reviews broad host access at length`));
    }
  }
}

/**
 * Names Chrome reserves, hidden files, files nothing names, and the package's size.
 * @param {Record<string, any>} manifest
 * @param {Map<string, Buffer>} files
 * @param {typeof LIMITS} limit
 * @param {Problem[]} problems
 */
function checkNames(manifest, files, limit, problems) {
  let total = 0;
  for (const [name, bytes] of files) {
    total += bytes.length;
    const parts = name.split('/');
    if (parts.some((part) => part.startsWith('_')) && parts[0] !== '_locales') problems.push(error(name, 'a name starting with "_" is reserved by Chrome, which refuses to load the extension'));
    else if (parts.some((part) => part.startsWith('.'))) problems.push(warning(name, 'a hidden file: leave it out of the package'));
  }
  if (total > limit.packageBytes) problems.push(error('(package)', `${total} bytes unpacked, over the store's limit of ${limit.packageBytes}`));
  const text = [JSON.stringify(manifest), ...[...files].filter(([name]) => TEXT.test(name) && name !== 'manifest.json').map(([, bytes]) => bytes.toString('utf8'))].join('\n');
  for (const name of files.keys()) {
    if (name === 'manifest.json') continue;
    if (!text.includes(basename(name))) problems.push(warning(name, 'no file in the package names it: leave it out if nothing loads it'));
  }
}

/**
 * What a store upload needs beyond a working extension.
 * @param {Record<string, any>} manifest
 * @param {Problem[]} problems
 */
function checkStore(manifest, problems) {
  const url = manifest.homepage_url;
  if (typeof url !== 'string') {
    problems.push(error('manifest.json', 'no homepage_url (the privacy policy; scripts/build.sh writes it from AMLATTACH_SITE_URL or a github.com origin)'));
  } else if (!URL.canParse(url) || new URL(url).protocol !== 'https:') {
    problems.push(error('manifest.json', `homepage_url ${url} is not an https address`));
  }
}

/**
 * Every file under `dir`, by its path from there with / separators.
 * @param {string} dir
 * @returns {Map<string, Buffer>}
 */
function readFolder(dir) {
  /** @type {Map<string, Buffer>} */
  const files = new Map();
  /** @param {string} at */
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(dir, path).split('\\').join('/'), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/**
 * Unzips with Python's zipfile (the standard library, which scripts/package.sh zips with too),
 * which keeps every entry inside `into`.
 * @param {string} zip
 * @param {string} into
 */
function unzip(zip, into) {
  execFileSync('python3', ['-c', 'import sys, zipfile\nzipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, into], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** @param {string} path a path from the manifest, maybe with ./ or a leading / */
function normalise(path) {
  return path.replace(/^\.?\//, '');
}

/** @param {string} text @param {number} index */
function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

/** @param {string} file @param {string} message @returns {Problem} */
function error(file, message) {
  return { severity: 'error', file, message };
}

/** @param {string} file @param {string} message @returns {Problem} */
function warning(file, message) {
  return { severity: 'warning', file, message };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { store: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) {
    console.error('usage: node scripts/check-extension.mjs <folder-or-zip> [--store]');
    process.exit(2);
  }
  const { problems, files } = checkExtension(positionals[0], { store: values.store });
  for (const { severity, file, message } of problems) console.error(`${severity}: ${file}: ${message}`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  console.log(`${positionals[0]}: ${files} files, ${errors} errors, ${warnings} warnings${values.store ? ' (store upload)' : ''}`);
  if (errors > 0) process.exitCode = 1;
}
