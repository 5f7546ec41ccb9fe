// @ts-check
/**
 * Builds the page that is served and packaged, `target/site/`, from `www/` (after scripts/build.sh
 * has put the wasm modules in www/pkg/ and MSAL.js in www/vendor/):
 *
 * - `start-checker.js`, which starts compiling the checker's wasm while the page is parsed, is
 *   written inline at the top of index.html, its hash added to the page's CSP. With `--extension`
 *   it stays a file: an extension page's CSP allows no inline script, not even by hash.
 * - `app.js` becomes one bundle of everything the first verdict needs: the modules app.js imports
 *   statically, and the checker's wasm-bindgen glue. A cold load then fetches the page, one
 *   stylesheet, app.js, live-state.js and the checker's wasm, all at once, instead of a dozen
 *   modules found one after another.
 * - What app.js loads after the first verdict (its dynamic imports) stays a file of its own, at
 *   the same path, as do the modules a page-wide state lives in (live-state.js: the live and
 *   troubleshooter modules import it too, and there must be one of it).
 * - Every other script and stylesheet is minified where it is; the two stylesheets of the page
 *   become one; HTML loses its comments and indentation.
 * - The copies of modules that went into the bundle and that nothing left loads are removed, so
 *   the site and the extension's package carry no dead file.
 *
 *   node scripts/build-site.mjs [--out target/site] [--extension]
 * @module
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as esbuild from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const WWW = join(ROOT, 'www');
/** Modules that hold state the page's modules share: never copied into a bundle. */
const SHARED_STATE = ['live-state.js'];
/**
 * The checker's wasm-bindgen glue: shared/wasm.js imports every module's glue dynamically, and
 * this one, which the first verdict waits for, is bundled all the same.
 */
const CHECKER_GLUE = 'pkg/amlattach.js';
/** Browsers the page supports (top-level await, private fields, `:has()`). */
const TARGET = ['chrome120', 'edge120', 'firefox121', 'safari17'];
/** The block of index.html the build rewrites. */
const ASSETS = /<!-- build:assets[\s\S]*?<!-- \/build:assets -->\n?/;

/** The script that starts the checker's compile, inline in the built page. */
const START = 'start-checker.js';

/**
 * Builds `www/` into `out`.
 * @param {string} out
 * @param {{ extension?: boolean }} [options] for the extension's tab: no inline script
 * @returns {Promise<{ files: number }>}
 */
export async function buildSite(out, { extension = false } = {}) {
  rmSync(out, { recursive: true, force: true });
  cpSync(WWW, out, { recursive: true, filter: (path) => !path.endsWith('.d.ts') });

  const bundle = await esbuild.build({
    entryPoints: [join(WWW, 'app.js')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    minify: true,
    target: TARGET,
    metafile: true,
    // The metafile names outputs from here, whatever folder the build was started in.
    absWorkingDir: ROOT,
    logLevel: 'warning',
    plugins: [firstVerdictOnly()],
  });
  // What the bundle fetches itself before it runs: preloaded with the page so it is not one more
  // round trip after app.js.
  const output = bundle.metafile.outputs[relative(ROOT, join(out, 'app.js'))];
  const preloads = output.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path.replace(/^\.\//, ''));

  const pageCss = 'shared/page.css';
  await esbuild.build({
    stdin: { contents: '@import "./style.css";\n@import "./generate.css";\n', resolveDir: join(WWW, 'shared'), loader: 'css' },
    outfile: join(out, pageCss),
    bundle: true,
    minify: true,
    target: TARGET,
    logLevel: 'warning',
  });

  const start = extension
    ? null
    : (await esbuild.transform(readFileSync(join(WWW, START), 'utf8'), { loader: 'js', minify: true, target: TARGET })).code.trim();

  const bundled = new Set([join(out, 'app.js'), join(out, pageCss)]);
  let files = 0;
  for (const file of walk(out)) {
    if (bundled.has(file) || file.includes(`${join(out, 'vendor')}/`)) continue;
    if (file.endsWith('.js') || file.endsWith('.css')) {
      const source = readFileSync(file, 'utf8');
      const { code } = await esbuild.transform(source, {
        loader: file.endsWith('.css') ? 'css' : 'js',
        format: file.endsWith('.js') ? 'esm' : undefined,
        minify: true,
        target: TARGET,
        sourcefile: relative(out, file),
      });
      writeFileSync(file, code);
      files += 1;
    } else if (file.endsWith('.html')) {
      let html = readFileSync(file, 'utf8');
      if (ASSETS.test(html)) html = allowInline(html.replace(ASSETS, assets(html, pageCss, preloads, start)), start);
      writeFileSync(file, minifyHtml(html));
      files += 1;
    }
  }
  const dropped = dropBundledCopies(out, bundle.metafile);
  return { files: files + bundled.size - dropped };
}

/**
 * Removes the copies of modules that went into the bundle and that nothing left in `out` loads:
 * app.js's static imports that no later module (a dynamic import, SHARED_STATE) imports as well.
 * A module is kept while any other script or page of the output names its file, which is how an
 * import names it; the test is by name, so a doubt keeps the file. Repeated until nothing more
 * goes, since a copy may be named only by another copy. Returns how many went.
 * @param {string} out
 * @param {esbuild.Metafile} metafile
 */
function dropBundledCopies(out, metafile) {
  const candidates = new Set(
    Object.keys(metafile.inputs)
      .map((input) => relative(WWW, resolve(ROOT, input)))
      // Not the wasm glue: shared/wasm.js loads each module's glue by a path it puts together.
      .filter((path) => !path.startsWith('..') && !path.startsWith('pkg/') && path.endsWith('.js') && path !== 'app.js' && !SHARED_STATE.includes(path))
      .map((path) => join(out, path)),
  );
  let dropped = 0;
  for (let changed = true; changed; ) {
    changed = false;
    const texts = walk(out)
      .filter((file) => /\.(?:m?js|html)$/.test(file))
      .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    for (const candidate of candidates) {
      const name = candidate.slice(candidate.lastIndexOf('/') + 1);
      if (texts.some(({ file, text }) => file !== candidate && text.includes(name))) continue;
      rmSync(candidate);
      candidates.delete(candidate);
      dropped += 1;
      changed = true;
    }
  }
  return dropped;
}

/**
 * The esbuild plugin that keeps the bundle to the first verdict: a dynamic import (but of the
 * checker's glue), and a module of SHARED_STATE, stays an import of its file (by its path from the
 * page's folder, where app.js is).
 * @returns {esbuild.Plugin}
 */
function firstVerdictOnly() {
  return {
    name: 'first-verdict-only',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        const path = relative(WWW, target);
        const later = args.kind === 'dynamic-import' && path !== CHECKER_GLUE;
        if (later || SHARED_STATE.includes(path)) return { path: `./${path}`, external: true };
        return undefined;
      });
    },
  };
}

/**
 * The built page's assets: the checker's early compile (inline, or the file when `start` is
 * null), one stylesheet, the bundle, the source block's other preloads (the wasm) and a
 * modulepreload for each file the bundle imports.
 * @param {string} html
 * @param {string} css
 * @param {string[]} modules
 * @param {string | null} start
 */
function assets(html, css, modules, start) {
  const block = /** @type {RegExpMatchArray} */ (html.match(ASSETS))[0];
  // What the inline script fetches is not preloaded as well: its fetch is the earliest there is,
  // and a preload would be a second request for the same file.
  const preloads = (block.match(/<link rel="preload"[^>]*>/g) ?? []).filter(
    (link) => start === null || !start.includes(`"${/href="([^"]*)"/.exec(link)?.[1]}"`),
  );
  return [
    start === null ? `<script async src="${START}"></script>` : `<script>${start}</script>`,
    `<link rel="stylesheet" href="${css}">`,
    '<script type="module" src="app.js"></script>',
    ...preloads,
    ...modules.map((m) => `<link rel="modulepreload" href="${m}">`),
  ].join('\n');
}

/**
 * Adds the inline script's hash to `script-src` in the page's CSP (a meta tag).
 * @param {string} html
 * @param {string | null} script
 */
function allowInline(html, script) {
  if (script === null) return html;
  const hash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
  const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src [^;"]*)/;
  if (!csp.test(html)) throw new Error('index.html has no CSP meta tag with a script-src to allow the inline script in');
  return html.replace(csp, `$1 ${hash}`);
}

/**
 * Comments out, and every run of whitespace with a line break in it down to one line break,
 * except inside `<pre>`, `<textarea>` and `<script>`, where whitespace is content.
 * @param {string} html
 */
export function minifyHtml(html) {
  return html
    .split(/(<(pre|textarea|script)\b[\s\S]*?<\/\2>)/)
    .map((part, i) => (i % 3 === 0 ? part.replace(/<!--[\s\S]*?-->/g, '').replace(/\s*\n\s*/g, '\n') : i % 3 === 1 ? part : ''))
    .join('');
}

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'target/site') }, extension: { type: 'boolean', default: false } } });
  const out = resolve(values.out);
  const { files } = await buildSite(out, { extension: values.extension });
  console.log(`${relative(process.cwd(), out) || '.'}: ${files} files built from ${relative(process.cwd(), WWW)}/`);
}
