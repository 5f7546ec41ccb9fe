// @ts-check
/**
 * The "Something failed?" section: paste what a failed attach printed and see the known failures
 * in it, with the evidence, the likely causes in order and the fix commands, written for the
 * form's spec and workspace; after a pre-flight, its facts confirm or rule out each cause. The
 * live section hands over what a failed attach or ARM call said. Its wasm module (the
 * troubleshooter) loads the first time it is needed. Nothing leaves the page and nothing is
 * stored; secrets in the text are redacted by the module before anything reads it.
 * @module
 */
import { currentSpec, liveFacts, onFailure, onLiveFacts, runPreflight } from './live-state.js';
import { messageNodes } from './shared/diagnostics.js';
import { byId, element } from './shared/dom.js';
import { highlight } from './shared/highlight.js';
import { renderSettings } from './explain-settings.js';
import { cannotStart, load } from './shared/wasm.js';

/** @typedef {import('./pkg/amlattach_explain.js').Explanation} Explanation */
/** @typedef {import('./pkg/amlattach_explain.js').ExplainedFailure} ExplainedFailure */
/** @typedef {import('./pkg/amlattach_explain.js').Fix} Fix */

const section = byId('explain-section');
const input = byId('explain-input', HTMLTextAreaElement);
const summary = byId('explain-summary');
const result = byId('explain-result');
const shellInputs = /** @type {NodeListOf<HTMLInputElement>} */ (section.querySelectorAll('input[name="explain-shell"]'));

/** Whether the failures the troubleshooter knows are listed yet. */
let listed = false;

/** The troubleshooter's module (loaded on first use), its known failures listed once it is. */
async function troubleshooter() {
  const module = await load('explain');
  if (!listed) {
    listed = true;
    showKnown(module.knownFailures());
  }
  return module;
}

/** The checks the live section's pre-flight reads (src/explain/confirm.rs judges them). */
const CONFIDENCE = { high: 'high confidence', medium: 'medium confidence', low: 'low confidence' };
const VERDICT = { confirmed: 'confirmed by the pre-flight', 'ruled-out': 'ruled out by the pre-flight', mixed: 'the pre-flight facts disagree' };

/** Explains the text in the box, with the form's spec (when valid) and context. */
async function run() {
  const text = input.value;
  if (text.trim() === '') {
    summary.replaceChildren();
    summary.dataset.state = 'empty';
    result.replaceChildren();
    return;
  }
  let module;
  try {
    module = await troubleshooter();
  } catch (error) {
    summary.dataset.state = 'error';
    summary.textContent = cannotStart('The troubleshooter', error);
    return;
  }
  // The box may have changed while the module loaded: explain what it holds now.
  if (input.value !== text) return;
  const form = currentSpec();
  const spec = form !== null && form.ok ? form.spec : null;
  const context = form?.context ?? liveFacts();
  const shell = [...shellInputs].find((i) => i.checked)?.value === 'pwsh' ? 'pwsh' : 'bash';
  /** @type {Explanation} */
  let explanation;
  try {
    explanation = module.explain(text, spec, { shell, context });
  } catch (error) {
    summary.dataset.state = 'error';
    summary.textContent = `The troubleshooter failed: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  render(explanation);
}

/** @param {Explanation} explanation */
function render(explanation) {
  const { matches, input: read } = explanation;
  const redacted = read.redactions > 0 ? ` ${read.redactions} secret${read.redactions === 1 ? ' was' : 's were'} blanked out of it first.` : '';
  summary.dataset.state = matches.length > 0 ? 'error' : 'warning';
  summary.textContent =
    (matches.length > 0
      ? `${matches.length} known failure${matches.length === 1 ? '' : 's'} found: ${matches.map((m) => m.title).join('; ')}.`
      : explanation.readFromText.length > 0
        ? 'No known failure matched. The checks below follow from what the text names.'
        : 'No known failure matched. The checks below find most causes.') + redacted;
  result.replaceChildren();
  for (const note of explanation.notes) result.append(paragraph(note, 'hint'));
  if (explanation.readFromText.length > 0) {
    const read = paragraph(`Read from the text: ${explanation.readFromText.join('; ')}.`, 'hint');
    read.classList.add('explain-read');
    result.append(read);
  }
  // Causes the pre-flight's reads could judge, and no pre-flight yet: offer to run it.
  const judged = matches.some((m) => m.causes.some((c) => c.checks.some((k) => k.preflight)));
  if (judged && liveFacts() === null) result.append(preflightOffer());
  for (const failure of matches) result.append(renderFailure(failure));
  if (explanation.genericChecks.length > 0) {
    const list = element('ul');
    list.className = 'explain-checks';
    for (const check of explanation.genericChecks) {
      const item = element('li');
      item.append(...renderFix(check));
      list.append(item);
    }
    result.append(list);
  }
  if (explanation.placeholders) result.append(paragraph('Replace the <placeholders> with your own values, or fill in the form above.', 'hint'));
}

/** @param {ExplainedFailure} failure */
function renderFailure(failure) {
  const article = element('article');
  article.className = 'explained';
  article.dataset.id = failure.id;
  article.dataset.confidence = failure.confidence;
  const heading = element('h3', failure.title);
  const badge = element('span', CONFIDENCE[failure.confidence]);
  badge.className = 'badge';
  heading.append(' ', badge);
  article.append(heading);

  if (failure.evidence.length > 0) {
    const evidence = element('ul');
    evidence.className = 'evidence';
    evidence.setAttribute('aria-label', 'What matched');
    // A code and a message on one line are one piece of evidence to a reader: the longest excerpt.
    /** @type {Map<number, ExplainedFailure['evidence'][number]>} */
    const byLine = new Map();
    for (const e of failure.evidence) {
      const seen = byLine.get(e.line);
      if (seen === undefined || e.excerpt.length > seen.excerpt.length) byLine.set(e.line, e);
    }
    for (const e of byLine.values()) {
      const item = element('li', `line ${e.line}: `);
      item.append(element('code', e.excerpt));
      evidence.append(item);
    }
    article.append(element('p', 'What matched:'), evidence);
  }

  article.append(...renderSettings(failure.settings));

  const causes = element('ol');
  causes.className = 'causes';
  causes.setAttribute('aria-label', 'Likely causes, most likely first');
  for (const cause of failure.causes) {
    const item = element('li');
    if (cause.verdict !== null) item.dataset.verdict = cause.verdict;
    const what = paragraph(cause.cause, 'cause');
    if (cause.verdict !== null) {
      const verdict = element('span', VERDICT[cause.verdict]);
      verdict.className = 'badge';
      what.append(' ', verdict);
    }
    item.append(what);
    const findings = cause.checks.flatMap((c) => (c.finding === null ? [] : [c.finding]));
    if (findings.length > 0) {
      const list = element('ul');
      list.className = 'findings';
      for (const f of findings) {
        const fact = element('li');
        fact.append(...messageNodes(f.fact, { commands: false }));
        fact.dataset.bearing = f.bearing;
        list.append(fact);
      }
      item.append(list);
    }
    item.append(...renderFix(cause.fix));
    const unread = cause.checks.filter((c) => c.finding === null).map((c) => c.description);
    if (unread.length > 0) item.append(paragraph(`To confirm: ${unread.join('; ')}.`, 'hint'));
    causes.append(item);
  }
  article.append(causes);

  const sources = element('p', 'Sources: ');
  sources.className = 'hint';
  failure.sources.forEach((source, index) => {
    const link = element('a', new URL(source.url).pathname.replace(/^\/(azure\/)?/, '') || source.url);
    link.href = source.url;
    link.rel = 'noreferrer noopener';
    link.target = '_blank';
    link.title = source.message;
    sources.append(...(index > 0 ? [', ', link] : [link]));
  });
  article.append(sources);
  return article;
}

/**
 * The fix's sentence and its commands, each with a copy button.
 * @param {Fix} fix
 * @returns {HTMLElement[]}
 */
function renderFix(fix) {
  /** @type {HTMLElement[]} */
  const out = [paragraph(`Fix: ${fix.text}`, 'fix')];
  for (const command of fix.commands) {
    const pre = element('pre');
    pre.className = 'generate-output';
    pre.tabIndex = 0;
    pre.setAttribute('role', 'region');
    pre.setAttribute('aria-label', `Fix commands (${command.language})`);
    const code = element('code');
    highlight(code, command.text, command.language);
    pre.append(code);
    const copy = element('button', 'Copy');
    copy.type = 'button';
    copy.className = 'copy';
    copy.addEventListener('click', () => {
      navigator.clipboard.writeText(command.text).then(
        () => (copy.textContent = 'Copied'),
        () => (copy.textContent = 'Could not copy'),
      );
    });
    out.push(pre, copy);
  }
  return out;
}

/** A button that runs the live section's pre-flight, whose facts then judge the causes. */
function preflightOffer() {
  const box = element('div');
  box.className = 'explain-preflight';
  const button = element('button', 'Check these causes with the pre-flight');
  button.type = 'button';
  button.className = 'button';
  const said = element('p');
  said.className = 'hint';
  said.setAttribute('role', 'status');
  button.addEventListener('click', async () => {
    button.disabled = true;
    said.textContent = 'Reading the cluster and the workspace…';
    const missing = await runPreflight();
    // On success the facts arrive and this section is drawn again, without this box.
    if (missing !== null) said.textContent = missing;
    button.disabled = false;
  });
  box.append(button, said);
  return box;
}

/**
 * @param {string} text
 * @param {string} className
 */
function paragraph(text, className) {
  const p = element('p');
  // The troubleshooter quotes names and values in backticks: code, built as nodes.
  p.append(...messageNodes(text, { commands: false }));
  p.className = className;
  return p;
}

/** @param {{ id: string, title: string, sources: { url: string }[] }[]} failures */
function showKnown(failures) {
  const list = byId('explain-known');
  list.replaceChildren(...failures.map((f) => element('li', f.title)));
  const known = byId('explain-known-list').querySelector('summary');
  if (known) known.textContent = `Failures it knows (${failures.length})`;
}

input.addEventListener('input', () => void run());
for (const radio of shellInputs) radio.addEventListener('change', () => void run());
// New pre-flight facts confirm or rule out causes: explain again.
onLiveFacts(() => void run());
// What a failed attach or ARM call said comes here, ready to explain.
onFailure((text) => {
  input.value = text;
  void run();
});
// Opening the section is reason enough to fetch the module; so is the chosen task.
section.addEventListener('focusin', () => void troubleshooter().catch(() => {}), { once: true });
byId('explain-known-list').addEventListener('toggle', () => void troubleshooter().catch(() => {}), { once: true });
if (location.hash === '#explain') void troubleshooter().catch(() => {});
section.hidden = false;
section.dataset.ready = 'true';
