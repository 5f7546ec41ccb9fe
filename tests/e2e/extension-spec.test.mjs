// @ts-check
/**
 * The Azure ML extension form's data without a browser (www/shared/extension-spec.js): the extension
 * spec built from the fields' values, read by the Node build of the same core as meant; the
 * cluster's kind; where a diagnostic is shown; and the page's one state keeping the extension
 * form's paths, which come with that form after the state is read.
 * @module
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

import { buildExtensionSpec, pairs, placeFor } from '../../www/shared/extension-spec.js';
import { EXTENSION_PREFIX, decodeState, encodeState } from '../../www/shared/state.js';
import { ROOT } from './browser.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../target/wasm-bindgen/node/amlattach.js')} */
const amlattach = require(join(ROOT, 'target/wasm-bindgen/node/amlattach.js'));

const SUB = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';
const AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-ml`;
const ARC_ID = `/subscriptions/${SUB}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge`;

test('the form\'s values become an extension spec the core reads as meant', () => {
  const settings = amlattach.extensionSettings();
  const setting = (/** @type {string} */ key) => /** @type {import('../../www/shared/extension-spec.js').ExtensionSetting} */ (settings.find((s) => s.key === key));
  const spec = buildExtensionSpec(` ${AKS_ID} `, [
    { path: 'config.enableInference', setting: setting('enableInference'), value: 'true' },
    { path: 'config.installPromOp', setting: setting('installPromOp'), value: 'false' },
    { path: 'config.inferenceRouterServiceType', setting: setting('inferenceRouterServiceType'), value: 'loadBalancer' },
    { path: 'config.sslSecret', setting: setting('sslSecret'), value: 'azureml-tls' },
    { path: 'config.sslCname', setting: setting('sslCname'), value: 'ml.contoso.com' },
    { path: 'config.nodeSelector', setting: setting('nodeSelector.'), value: 'agentpool = mlpool\n\nkubernetes.io/os=linux' },
    { path: 'config_protected.serviceBusConnectionString', setting: setting('serviceBusConnectionString'), value: 'true' },
    { path: 'config.clusterPurpose', setting: setting('clusterPurpose'), value: '' },
    { path: 'release_train', setting: null, value: 'preview' },
    { path: 'version', setting: null, value: '1.1.88' },
    { path: 'auto_upgrade', setting: null, value: 'false' },
  ]);
  assert.deepEqual(spec, {
    cluster: AKS_ID,
    release_train: 'preview',
    version: '1.1.88',
    auto_upgrade: false,
    config: {
      enableInference: true,
      installPromOp: false,
      inferenceRouterServiceType: 'loadBalancer',
      sslSecret: 'azureml-tls',
      sslCname: 'ml.contoso.com',
      'nodeSelector.agentpool': 'mlpool',
      'nodeSelector.kubernetes.io/os': 'linux',
    },
    config_protected: { serviceBusConnectionString: '$' },
  });
  const checked = amlattach.validateExtension(spec);
  assert.deepEqual(checked.diagnostics, []);
  // The secret is never in the spec: the core names the variable the commands read it from.
  assert.equal(checked.normalized?.config_protected?.serviceBusConnectionString, '$AML_SERVICE_BUS_CONNECTION_STRING');
  assert.deepEqual(pairs('a=b=c\nlabel-only\n  \n'), [['a', 'b=c'], ['label-only', '']]);
});

test('cluster kinds, where diagnostics are shown, and the state keeps the extension\'s paths', () => {
  // The core's reading of an id (the generators' module exports it as the Node package does).
  assert.equal(amlattach.clusterKind(AKS_ID), 'aks');
  assert.equal(amlattach.clusterKind(ARC_ID.toLowerCase()), 'arc');
  assert.equal(amlattach.clusterKind(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`), null);
  assert.equal(amlattach.clusterKind(''), null);
  assert.deepEqual(amlattach.extensionFacts().releaseTrains, ['stable', 'preview']);
  const places = new Set(['', 'cluster', 'config.inferenceRouterServiceType', 'config.nodeSelector', 'group:tls']);
  const at = (/** @type {string} */ code, /** @type {string} */ path) => placeFor({ code, path, severity: 'error', message: '', source: '' }, places);
  // The core puts a missing router type at its own setting; the form shows it there as it is.
  const router = amlattach
    .validateExtension({ cluster: AKS_ID, config: { enableInference: 'true', allowInsecureConnections: 'true' } })
    .diagnostics.find((d) => d.code === 'extension-router-required');
  assert.equal(router?.path, 'config.inferenceRouterServiceType');
  assert.equal(placeFor(router, places), 'config.inferenceRouterServiceType');
  assert.equal(at('extension-tls-required', 'config.enableInference'), 'group:tls');
  assert.equal(at('extension-value-invalid', 'config.nodeSelector.kubernetes.io/os'), 'config.nodeSelector');
  assert.equal(at('extension-no-workload', 'config'), '');
  assert.equal(at('resource-id-invalid', 'cluster'), 'cluster');
  // Without the router type's field (hidden), its diagnostic goes to the general list.
  assert.equal(placeFor(router, new Set([''])), '');

  const state = { mode: /** @type {const} */ ('v2'), values: { name: 'k8s', [`${EXTENSION_PREFIX}config.enableTraining`]: 'true', [`${EXTENSION_PREFIX}config_protected.sslCertPemFile`]: 'cert.pem' } };
  const decoded = decodeState(encodeState(state), { fieldsOf: () => new Set(['name']) });
  assert.deepEqual(decoded, { ok: true, state, notes: [] });
});
