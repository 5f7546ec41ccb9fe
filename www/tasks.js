// @ts-check
/**
 * The task chooser at the top: `#attach`, `#v1`, `#detach`, `#secret`, `#versions`, `#explain` or `#all`
 * in the address shows only the sections of that task (CSS does the hiding, from
 * `body[data-task]` and each section's `data-tasks`), marks its link as current, and picks the
 * form's mode to match. No hash shows everything. It needs no wasm and runs before the checker.
 * @module
 */

const TASKS = ['attach', 'v1', 'detach', 'secret', 'versions', 'explain'];

/** The form mode a task starts in, when the form is in another family. */
const MODE_OF = /** @type {Record<string, string>} */ ({ attach: 'v2', v1: 'v1-attach' });

function show() {
  const task = location.hash.slice(1);
  const chosen = TASKS.includes(task) ? task : null;
  if (chosen === null) delete document.body.dataset.task;
  else document.body.dataset.task = chosen;
  for (const link of document.querySelectorAll('.tasks a')) {
    if (link.getAttribute('href') === `#${chosen ?? 'all'}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const mode = chosen === null ? undefined : MODE_OF[chosen];
  const current = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="mode"]:checked'));
  // v1 attach and v1 create are one task: switch only between the v2 and v1 families.
  if (mode !== undefined && current !== null && current.value.startsWith('v1') !== mode.startsWith('v1')) {
    const radio = /** @type {HTMLInputElement | null} */ (document.querySelector(`input[name="mode"][value="${mode}"]`));
    if (radio !== null) {
      // Set directly (the form is inert until the checker is ready, which then reads the mode).
      radio.checked = true;
      radio.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
}

window.addEventListener('hashchange', show);
show();
