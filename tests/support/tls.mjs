// @ts-check
/**
 * Throw-away TLS certificates for the tests' local HTTPS servers: a fresh test CA and one leaf
 * signed by it (openssl, P-256, valid two days), and the leaf key's SPKI hash for Chromium's
 * `--ignore-certificate-errors-spki-list`, which makes Chromium accept that one key (and only
 * it) without touching any trust store.
 *
 *   const tls = makeCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
 *   https.createServer({ key: tls.keyPem, cert: tls.certPem }, handler);
 *   // Chromium: spkiPinArgs([tls.spkiHash]) — Node: { ca: tls.caCertPem }
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * @typedef {{
 *   keyPem: string,
 *   certPem: string,
 *   caCertPem: string,
 *   spkiHash: string,
 * }} Certificate
 *   The leaf's private key (PKCS#8 PEM), the leaf certificate (PEM), the CA certificate that
 *   signed it (PEM; the CA's key is discarded), and base64(SHA-256(leaf SubjectPublicKeyInfo)).
 */

/** A DNS name (or a wildcard one) that is safe to put in an openssl config line. */
const DNS_NAME = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * A new test CA and a server leaf for the given names, signed by it.
 * @param {{ dnsNames?: string[], ipAddresses?: string[], commonName?: string }} names
 *   subjectAltName entries (at least one); the subject CN is `commonName`, by default the first
 *   DNS name (or IP address)
 * @returns {Certificate}
 */
export function makeCertificate({ dnsNames = [], ipAddresses = [], commonName }) {
  if (dnsNames.length + ipAddresses.length === 0) throw new TypeError('makeCertificate: no DNS name or IP address');
  for (const name of dnsNames) if (!DNS_NAME.test(name)) throw new TypeError(`makeCertificate: not a DNS name: ${JSON.stringify(name)}`);
  for (const ip of ipAddresses) if (isIP(ip) === 0) throw new TypeError(`makeCertificate: not an IP address: ${JSON.stringify(ip)}`);
  const cn = commonName ?? dnsNames[0] ?? ipAddresses[0];
  if (!DNS_NAME.test(cn) && isIP(cn) === 0) throw new TypeError(`makeCertificate: bad common name: ${JSON.stringify(cn)}`);
  const subjectAltName = [...dnsNames.map((n) => `DNS:${n}`), ...ipAddresses.map((ip) => `IP:${ip}`)].join(',');

  const dir = mkdtempSync(join(tmpdir(), 'amlattach-tls-'));
  const file = (/** @type {string} */ name) => join(dir, name);
  const openssl = (/** @type {string[]} */ args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  try {
    openssl(['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=amlattach test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    openssl(['req', ...ec, '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', `/CN=${cn}`]);
    writeFileSync(file('leaf.ext'), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${subjectAltName}\n`);
    openssl(['x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-out', file('leaf.pem'), '-days', '2', '-extfile', file('leaf.ext')]);
    const certPem = readFileSync(file('leaf.pem'), 'utf8');
    return {
      keyPem: readFileSync(file('leaf.key'), 'utf8'),
      certPem,
      caCertPem: readFileSync(file('ca.pem'), 'utf8'),
      spkiHash: spkiHashOf(certPem),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * base64(SHA-256(DER SubjectPublicKeyInfo)) of a certificate's key: the form Chromium's
 * `--ignore-certificate-errors-spki-list` takes.
 * @param {string} certPem
 */
export function spkiHashOf(certPem) {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * The Chromium flag that accepts exactly these keys. Chromium keeps only the last of a repeated
 * switch, so several servers' keys go in one flag (see also mergeChromiumArgs in
 * ./chromium-args.mjs).
 * @param {string[]} spkiHashes
 * @returns {string[]}
 */
export function spkiPinArgs(spkiHashes) {
  return spkiHashes.length === 0 ? [] : [`--ignore-certificate-errors-spki-list=${spkiHashes.join(',')}`];
}
