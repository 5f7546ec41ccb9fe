// @ts-check
/**
 * The "Paste your compute YAML" box: checks the text as it is typed, pasted, dropped or read
 * from a chosen file (with FileReader: the file never leaves the page), and lists every
 * diagnostic with its line and path; a line takes the caret to that line of the box. A spec the
 * form can hold is offered to it: "Fill the form with this spec".
 * @module
 */
import { element, fillControl } from './shared/dom.js';
import { checkerFailure, countBySeverity, describeCounts, renderDiagnosticList } from './shared/diagnostics.js';

/** @typedef {import('./shared/amlattach.js').ValidationContext} ValidationContext */
/** @typedef {import('./shared/amlattach.js').ValidationResult} ValidationResult */

/** Larger files are refused rather than read: compute specs are a few hundred bytes. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * @typedef {object} PasteBox
 * @property {HTMLTextAreaElement} text the box
 * @property {HTMLInputElement} file the file chooser
 * @property {HTMLElement} fileStatus where reading a file is reported
 * @property {HTMLElement} verdict where the result goes
 */

/**
 * How the box hands a spec to the page's form.
 * @typedef {object} FormFill
 * @property {(text: string, result: ValidationResult) => Record<string, unknown> | null} specOf
 *   the spec the form can be filled with, for this text and its verdict; null when there is none
 * @property {(spec: Record<string, unknown>) => string} apply fills the form, and says what it did
 */

/**
 * Wires the box: every change of its text is checked with `check`; with `fill`, a spec the form
 * can hold gets a "Fill the form with this spec" button under the box.
 * @param {PasteBox} box
 * @param {(text: string) => ValidationResult} check validates a text (with the current context)
 * @param {FormFill} [fill]
 * @returns {() => void} checks the text again (when the context changed)
 */
export function setUpPasteBox(box, check, fill) {
  const { text, file, fileStatus, verdict } = box;
  let lastKey = '';
  /** The spec the button fills the form with. */
  let fillable = /** @type {Record<string, unknown> | null} */ (null);
  const { actions, button: fillButton, status: fillStatus } = fillControl('paste');
  if (fill !== undefined) {
    verdict.after(actions, fillStatus);
    fillButton.addEventListener('click', () => {
      if (fillable !== null) fillStatus.textContent = fill.apply(fillable);
    });
  }

  const render = () => {
    const source = text.value;
    fillable = null;
    fillButton.hidden = true;
    if (source.trim() === '') {
      lastKey = '';
      verdict.replaceChildren();
      verdict.dataset.state = 'empty';
      text.removeAttribute('aria-invalid');
      return;
    }
    /** @type {ValidationResult} */
    let result;
    try {
      result = check(source);
    } catch (error) {
      result = { ok: false, diagnostics: [checkerFailure(error)], normalized: null };
    }
    fillable = fill?.specOf(source, result) ?? null;
    fillButton.hidden = fillable === null;
    const key = JSON.stringify(result.diagnostics);
    if (key === lastKey && verdict.dataset.state !== 'empty') return;
    lastKey = key;

    const counts = countBySeverity(result.diagnostics);
    verdict.dataset.state = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'ok';
    text.setAttribute('aria-invalid', String(counts.error > 0));
    const summary = element(
      'p',
      counts.error > 0 ? describeCounts(counts) : `✓ Valid compute spec${result.diagnostics.length > 0 ? ` (${describeCounts(counts).toLowerCase()})` : ''}`,
    );
    summary.className = 'verdict-summary';
    verdict.replaceChildren(summary);
    if (result.diagnostics.length > 0) {
      verdict.append(
        renderDiagnosticList(result.diagnostics, { line: true, path: 'before', onLine: (line) => focusLine(text, line) }),
      );
    }
  };

  /** @param {File} chosen */
  const read = (chosen) => {
    if (chosen.size > MAX_FILE_BYTES) {
      fileStatus.textContent = `${chosen.name} is ${chosen.size} bytes; files over ${MAX_FILE_BYTES} bytes are not read.`;
      return;
    }
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      text.value = typeof reader.result === 'string' ? reader.result : '';
      fileStatus.textContent = `Read ${chosen.name} (${chosen.size} bytes).`;
      render();
    });
    reader.addEventListener('error', () => {
      fileStatus.textContent = `${chosen.name} could not be read.`;
    });
    reader.readAsText(chosen);
  };

  text.addEventListener('input', () => {
    fillStatus.textContent = '';
    render();
  });
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (chosen !== undefined) read(chosen);
    // Choosing the same file again after editing the box reads it again.
    file.value = '';
  });
  text.addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      text.classList.add('drop-target');
    }
  });
  text.addEventListener('dragleave', () => text.classList.remove('drop-target'));
  text.addEventListener('drop', (event) => {
    text.classList.remove('drop-target');
    const dropped = event.dataTransfer?.files[0];
    if (dropped === undefined) return;
    event.preventDefault();
    read(dropped);
  });
  render();
  return render;
}

/**
 * Puts the caret at the start of `line` (1-based), selects that line and scrolls it into view.
 * @param {HTMLTextAreaElement} text
 * @param {number} line
 */
export function focusLine(text, line) {
  const lines = text.value.split('\n');
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  let start = 0;
  for (let i = 0; i < index; i += 1) start += lines[i].length + 1;
  const end = start + lines[index].length;
  text.focus();
  text.setSelectionRange(start, end);
  const lineHeight = Number.parseFloat(getComputedStyle(text).lineHeight) || 20;
  text.scrollTop = Math.max(0, (index - 2) * lineHeight);
}
