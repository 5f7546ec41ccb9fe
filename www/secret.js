// @ts-check
/**
 * The secret section: paste or drop `kubectl get secret azuremlfessl -o yaml|json`, see every
 * certificate and the key, download or copy cert.pem and key.pem. Everything happens in this
 * page: no request, no storage; the PEMs live only in this module's variables and in the
 * object URLs made (and revoked) for a download.
 * @module
 */
import { renderReport } from './shared/diagnostics.js';
import { byId, element } from './shared/dom.js';
import { load } from './shared/wasm.js';

/** @typedef {import('./pkg/amlattach_secret.js').DecodedSecret} DecodedSecret */

// Its own wasm module (decodeSecret only), so the checker's first verdict never waits for it.
// The text box stays disabled until it is ready: nothing is fetched once a secret is pasted.
const { decodeSecret } = await load('secret');

const input = byId('secret-input', HTMLTextAreaElement);
const cname = byId('secret-cname', HTMLInputElement);
const file = byId('secret-file', HTMLInputElement);
const drop = byId('secret-drop');
const verdict = byId('secret-verdict');
const result = byId('secret-result');

/** The last decoded secret, for the download and copy buttons. @type {DecodedSecret | null} */
let decoded = null;

function decode() {
  const text = input.value;
  if (text.trim() === '') {
    decoded = null;
    result.hidden = true;
    renderReport(verdict, null, '');
    return;
  }
  decoded = decodeSecret(text, { cname: cname.value.trim() || undefined });
  renderReport(verdict, decoded, 'Certificate and key look right');
  render(decoded);
}

/** @param {DecodedSecret} secret */
function render(secret) {
  const rows = byId('secret-certificates');
  rows.replaceChildren();
  // The leaf is the certificate the key belongs to, wherever it was put.
  const leaf = secret.keyCertificate ?? 0;
  // Each cell carries its column's heading, which a narrow box shows beside it (style.css: table.stack).
  const headings = [...(rows.closest('table')?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent ?? '');
  secret.certificates.forEach((c, index) => {
    const row = element('tr');
    row.dataset.index = String(index);
    const expiry = c.daysUntilExpiry < 0 ? `expired ${-c.daysUntilExpiry} days ago` : `${c.daysUntilExpiry} days left`;
    const order = c.issuedByNext === null ? '' : c.issuedByNext ? 'yes' : 'no';
    for (const text of [
      index !== leaf ? `chain ${index + 1}` : index === 0 ? 'leaf' : `leaf (${index + 1}, must be first)`,
      c.subject,
      c.issuer,
      c.dnsNames.join(', '),
      `${c.notBefore} – ${c.notAfter} (${expiry})`,
      c.serial,
      `${c.signatureAlgorithm}, ${c.publicKey}`,
      order,
    ]) {
      const cell = element('td', text);
      cell.dataset.label = headings[row.cells.length] ?? '';
      row.append(cell);
    }
    rows.append(row);
  });
  const key = secret.key;
  const match =
    secret.keyMatchesCertificate === null
      ? 'cannot be compared here'
      : !secret.keyMatchesCertificate
        ? 'does NOT match the leaf certificate'
        : leaf === 0
          ? 'matches the leaf certificate'
          : `matches certificate ${leaf + 1}, which must come first`;
  // A TLS secret's tls.crt and tls.key are still offered as cert.pem and key.pem, the names Azure ML reads.
  const from = secret.entries === 'tls' ? ' From this TLS secret, tls.crt and tls.key download and copy as cert.pem and key.pem.' : '';
  byId('secret-key').textContent =
    key === null ? `No readable private key.${from}` : `Key: ${key.type.toUpperCase()} ${key.curve ?? key.bits ?? ''} (${key.format.toUpperCase()}), ${match}.${from}`;
  byId('secret-key').dataset.match = String(secret.keyMatchesCertificate);
  for (const [id, present] of [
    ['secret-download-cert', secret.certPem !== null],
    ['secret-copy-cert', secret.certPem !== null],
    ['secret-download-key', secret.keyPem !== null],
    ['secret-copy-key', secret.keyPem !== null],
  ]) {
    byId(/** @type {string} */ (id), HTMLButtonElement).disabled = !present;
  }
  result.hidden = false;
}

/**
 * Offers `text` as a file download: a Blob and an object URL that is revoked right after.
 * @param {string} name
 * @param {string} text
 */
function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-pem-file' }));
  const link = element('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * @param {string} text
 * @param {HTMLButtonElement} button
 */
async function copy(text, button) {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed: select and copy by hand';
  }
  setTimeout(() => (button.textContent = label), 1500);
}

/** @param {File} chosen */
async function readChosen(chosen) {
  input.value = await chosen.text();
  decode();
}

input.addEventListener('input', decode);
cname.addEventListener('input', decode);
file.addEventListener('change', () => {
  const chosen = file.files?.[0];
  if (chosen) void readChosen(chosen);
});
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.dataset.over = 'true';
});
drop.addEventListener('dragleave', () => delete drop.dataset.over);
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  delete drop.dataset.over;
  const chosen = event.dataTransfer?.files[0];
  if (chosen) void readChosen(chosen);
});
byId('secret-download-cert').addEventListener('click', () => decoded?.certPem && download('cert.pem', decoded.certPem));
byId('secret-download-key').addEventListener('click', () => decoded?.keyPem && download('key.pem', decoded.keyPem));
byId('secret-copy-cert').addEventListener('click', (event) => {
  if (decoded?.certPem) void copy(decoded.certPem, /** @type {HTMLButtonElement} */ (event.currentTarget));
});
byId('secret-copy-key').addEventListener('click', (event) => {
  if (decoded?.keyPem) void copy(decoded.keyPem, /** @type {HTMLButtonElement} */ (event.currentTarget));
});
input.disabled = false;
byId('secret-section').hidden = false;
decode();
