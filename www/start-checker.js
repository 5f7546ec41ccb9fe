// @ts-check
/**
 * Starts compiling the checker's wasm while the page is still being parsed, so that it is ready
 * when app.js runs (which is only once the page has been parsed): shared/wasm.js takes the
 * compiled module from here, or fetches the wasm itself when this did not run or failed. The
 * build (scripts/build-site.mjs) writes it inline at the top of index.html, its hash in the
 * page's CSP; in the extension's tab, whose CSP allows no inline script, it stays this file.
 * @module
 */
{
  /** @type {Promise<WebAssembly.Module>} */
  const compiling = WebAssembly.compileStreaming(fetch('pkg/amlattach_bg.wasm'));
  // Handled where it is awaited; this keeps a failure (say, a host that does not send wasm as
  // application/wasm) from being reported as unhandled before then.
  compiling.catch(() => {});
  /** @type {any} */ (globalThis).amlattachChecker = compiling;
}
