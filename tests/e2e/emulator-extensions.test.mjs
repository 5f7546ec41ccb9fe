// @ts-check
/**
 * The ARM emulator's cluster extensions (tests/emulator/extensions.mjs): the Azure ML extension
 * installed by PUT (201, the operation headers of CreateExtension.json, Creating, then Succeeded
 * through the operation status), changed by PATCH (202, or 200 when nothing changes) and by a PUT
 * over it (200), deleted (202, then gone; 204; forceDelete); its protected settings never
 * returned; the spec's refusals (version with autoUpgradeMinorVersion, the type, the scope, the
 * settings maps, PATCH of the type); the installs that fail as the extension's healthcheck fails
 * them (E40002, E40003, E40007, nothing enabled), in the extension's statuses and the operation's
 * error; and ARM's own refusals of these writes (403 without the write permission, throttling,
 * mandatory MFA).
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { makeToken, startEmulator } from '../emulator/server.mjs';
import { AKS_PROD, assertArmError, assertOwnUrl, call, ML, sleep, WS_PROD } from './emulator-rig.mjs';

/** @typedef {import('./emulator-rig.mjs').Emulator} Emulator @typedef {import('./emulator-rig.mjs').Answer} Answer */

/** How long an operation runs here (the tests poll its status). */
const OPERATION_MS = 400;
const API = 'api-version=2025-03-01';
const AZURE_ML = 'microsoft.azureml.kubernetes';

/** A PEM-looking value, base64 as the protected `scoringFe.sslCert`/`sslKey` carry them. */
const PEM = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

/**
 * The Azure ML extension's PUT body, as a client sends it through ARM (ext-settings.md §6).
 * @param {Record<string, string>} settings configurationSettings added to (or replacing) the defaults
 * @param {Record<string, string>} [secrets] configurationProtectedSettings
 * @param {Record<string, unknown>} [properties] other properties
 */
const azureMl = (settings, secrets, properties = {}) => ({
  identity: { type: 'SystemAssigned' },
  properties: {
    extensionType: AZURE_ML,
    autoUpgradeMinorVersion: true,
    releaseTrain: 'stable',
    scope: { cluster: { releaseNamespace: 'azureml' } },
    configurationSettings: { enableTraining: 'True', enableInference: 'False', ...settings },
    ...(secrets === undefined ? {} : { configurationProtectedSettings: secrets }),
    ...properties,
  },
});

describe('cluster extensions', () => {
  /** @type {Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({
      lro: {
        durationMs: OPERATION_MS,
        retryAfterSeconds: 0,
        outcomes: { 'ext-timeout': { status: 'Failed', error: { code: 'ExtensionOperationFailed', message: 'The extension operation timed out.' } } },
      },
    });
  });
  after(() => emulator.close());

  /**
   * A seed cluster's id, by name.
   * @param {string} name
   */
  const cluster = (name) => {
    const found = emulator.state.resources.find((r) => r.name === name && /\/(managedClusters|connectedClusters)\/[^/]+$/i.test(r.id));
    assert.ok(found, `no cluster ${name} in the seed`);
    return found.id;
  };
  /**
   * An extension's path with the api-version.
   * @param {string} clusterName
   * @param {string} name
   */
  const ext = (clusterName, name) => `${cluster(clusterName)}/providers/Microsoft.KubernetesConfiguration/extensions/${name}?${API}`;
  /**
   * Polls an operation status URL until it is no longer InProgress.
   * @param {string} url
   */
  const settled = async (url) => {
    for (let i = 0; i < 100; i += 1) {
      const answer = await call(emulator, 'GET', url);
      assert.equal(answer.status, 200, answer.text);
      if (answer.json.status !== 'InProgress') return answer;
      await sleep(50);
    }
    throw new Error(`the operation ${url} did not end`);
  };
  /**
   * The operation headers of an extension write (CreateExtension.json, PatchExtension.json).
   * @param {Answer} answer
   * @param {string} path the extension's path with its query
   */
  const operationOf = (answer, path) => {
    const status = /** @type {string} */ (answer.headers.get('azure-asyncoperation'));
    assertOwnUrl(emulator, status);
    const url = new URL(status);
    const extensionPath = path.split('?')[0];
    assert.match(url.pathname, new RegExp(`^${extensionPath.replace(/[.]/g, '\\.')}/operations/[0-9a-f-]{36}$`));
    assert.equal(url.search, `?${API}`);
    assert.equal(answer.headers.get('operation-location'), url.pathname);
    assert.equal(answer.headers.get('x-ms-async-operation-timeout'), 'PT48H');
    assert.equal(answer.headers.get('retry-after'), '0');
    return status;
  };
  /**
   * An installed extension's failure as the service reports it: the operation Failed with
   * ExtensionOperationFailed naming the healthcheck code, and the extension Failed with an
   * InstallationFailed status saying it too.
   * @param {Answer} done the operation's final status
   * @param {Answer} get the extension
   * @param {string | undefined} code the healthcheck code (E4000x), if any
   * @param {'install' | 'upgrade'} [phase]
   */
  const assertHealthcheckFailure = (done, get, code, phase = 'install') => {
    assert.equal(done.json.status, 'Failed');
    assert.equal(done.json.error.code, 'ExtensionOperationFailed');
    assert.match(done.json.error.message, /^The extension operation failed with the following error: {2}Error: \[ InnerError: \[Helm /);
    assert.match(done.json.error.message, /For general troubleshooting visit: https:\/\/aka\.ms\/k8s-extensions-TSG/);
    assert.deepEqual(done.json.properties, {});
    assert.equal(get.json.properties.provisioningState, 'Failed');
    assert.ok(get.json.properties.currentVersion, 'currentVersion is set');
    const [status, ...others] = get.json.properties.statuses;
    assert.equal(others.length, 0);
    assert.deepEqual(Object.keys(status), ['code', 'displayStatus', 'level', 'message', 'time']);
    assert.equal(status.code, 'InstallationFailed');
    assert.equal(status.displayStatus, null);
    assert.equal(status.level, 'Error');
    assert.ok(!Number.isNaN(Date.parse(status.time)) && status.time.endsWith('Z'), status.time);
    if (phase === 'install') {
      assert.match(status.message, /Helm installation failed : .*InnerError \[release [^ ]+ failed, and has been uninstalled due to atomic being set: failed pre-install: pod healthcheck failed\]/);
    } else {
      assert.match(status.message, /Helm Upgrade Failed : : InnerError \[release [^ ]+ failed, and has been rolled back due to atomic being set: pre-upgrade hooks failed: pod healthcheck failed\]/);
    }
    if (code !== undefined) {
      assert.match(status.message, new RegExp(`Status: Failed Name: \\w+ ErrorCode: ${code} ErrorMessage: `));
      assert.match(done.json.error.message, new RegExp(`ErrorCode: ${code} `));
    }
  };

  test('PUT creates the Azure ML extension: 201, Creating, the operation headers; the operation says InProgress then Succeeded; GET shows it Succeeded without its protected settings', async () => {
    const path = ext('aks-sandbox', 'azureml');
    // Before the install, a Kubernetes attach to the cluster fails (no Succeeded extension).
    const body = azureMl(
      { enableInference: 'True', inferenceRouterServiceType: 'loadBalancer', allowInsecureConnections: 'False', sslCname: 'ml.contoso.com' },
      { 'scoringFe.sslCert': PEM, 'scoringFe.sslKey': PEM },
    );
    const put = await call(emulator, 'PUT', path, { body, headers: { Origin: 'http://127.0.0.1:8080' } });
    assert.equal(put.status, 201, put.text);
    const status = operationOf(put, path);
    const id = `${cluster('aks-sandbox')}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`;
    assert.deepEqual(put.json.properties, {
      // As sent: ARM keeps the type's casing.
      extensionType: AZURE_ML,
      autoUpgradeMode: 'compatible',
      autoUpgradeMinorVersion: true,
      releaseTrain: 'stable',
      version: null,
      scope: { cluster: { releaseNamespace: 'azureml' } },
      configurationSettings: body.properties.configurationSettings,
      provisioningState: 'Creating',
      currentVersion: null,
      statuses: [],
      isSystemExtension: false,
    });
    assert.equal(put.json.id, id);
    assert.equal(put.json.name, 'azureml');
    assert.equal(put.json.type, 'Microsoft.KubernetesConfiguration/extensions');
    assert.equal(put.json.identity.type, 'SystemAssigned');
    assert.match(put.json.identity.principalId, /^[0-9a-f-]{36}$/);
    assert.ok(!put.text.includes(PEM), 'the protected settings are never returned');
    assert.ok((put.headers.get('access-control-expose-headers') ?? '').split(', ').includes('Azure-AsyncOperation'));
    assert.ok(put.headers.get('x-ms-ratelimit-remaining-subscription-writes'));
    // The request log keeps the body, the protected settings' names without their values.
    assert.deepEqual(emulator.requests.at(-1)?.body, { ...body, properties: { ...body.properties, configurationProtectedSettings: { 'scoringFe.sslCert': null, 'scoringFe.sslKey': null } } });
    assert.equal(emulator.requests.at(-1)?.replacedExisting, false);

    const running = await call(emulator, 'GET', status);
    assert.deepEqual(running.json, { id: `${id}/operations/${new URL(status).pathname.split('/').pop()}`, name: new URL(status).pathname.split('/').pop(), status: 'InProgress', properties: {}, error: null });
    assert.equal((await call(emulator, 'GET', path)).json.properties.provisioningState, 'Creating');
    // One operation at a time.
    assertArmError(await call(emulator, 'PUT', path, { body }), 409, 'Conflict');

    const done = await settled(status);
    assert.deepEqual(done.json, { ...running.json, status: 'Succeeded' });
    const get = await call(emulator, 'GET', path);
    assert.equal(get.json.properties.provisioningState, 'Succeeded');
    assert.equal(get.json.properties.currentVersion, '1.1.88');
    assert.deepEqual(get.json.properties.statuses, []);
    assert.ok(!('configurationProtectedSettings' in get.json.properties));
    const list = await call(emulator, 'GET', `${cluster('aks-sandbox')}/providers/Microsoft.KubernetesConfiguration/extensions?${API}`);
    assert.ok(list.json.value.some((/** @type {any} */ e) => e.id === id));
    assert.ok(!list.text.includes(PEM));
    // Kept apart from the resource: Resource Graph does not show them either.
    assert.deepEqual(emulator.state.extensionProtectedSettings?.[id.toLowerCase()], { 'scoringFe.sslCert': PEM, 'scoringFe.sslKey': PEM });
    const graph = await call(emulator, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', {
      body: { query: `KubernetesConfigurationResources | where name == 'azureml' and id contains 'aks-sandbox'` },
    });
    assert.equal(graph.json.data.length, 1, graph.text);
    assert.ok(!graph.text.includes(PEM));

    // Now the cluster can be attached as Kubernetes compute.
    const attach = await call(emulator, 'PUT', `${WS_PROD}/computes/sandbox-k8s?${ML}`, { body: { properties: { computeType: 'Kubernetes', resourceId: cluster('aks-sandbox'), properties: { namespace: 'default' } } } });
    assert.equal(attach.status, 201, attach.text);
    assert.equal((await settled(/** @type {string} */ (attach.headers.get('azure-asyncoperation')))).json.status, 'Succeeded');
  });

  test('PATCH: 202 Updating then Succeeded, settings merged, protected settings replaced as a whole; the same PATCH again answers 200; a PUT over it answers 200', async () => {
    const path = ext('aks-prod-eastus', 'azureml-patch');
    const put = await call(emulator, 'PUT', path, { body: azureMl({ installNvidiaDevicePlugin: 'False' }, { 'azure_log_analytics.connection_string': 'old-key', relayServerConnectionString: 'old-relay' }) });
    await settled(operationOf(put, path));
    const id = `${AKS_PROD}/providers/Microsoft.KubernetesConfiguration/extensions/azureml-patch`;

    const change = { properties: { configurationSettings: { installNvidiaDevicePlugin: 'True' }, configurationProtectedSettings: { 'azure_log_analytics.connection_string': 'new-key' } } };
    const patched = await call(emulator, 'PATCH', path, { body: change });
    assert.equal(patched.status, 202, patched.text);
    const status = operationOf(patched, path);
    assert.equal(patched.json.properties.provisioningState, 'Updating');
    assert.deepEqual(patched.json.properties.configurationSettings, { enableTraining: 'True', enableInference: 'False', installNvidiaDevicePlugin: 'True' });
    assert.ok(!patched.text.includes('new-key'));
    assert.deepEqual(emulator.state.extensionProtectedSettings?.[id.toLowerCase()], { 'azure_log_analytics.connection_string': 'new-key' });
    assert.equal((await settled(status)).json.status, 'Succeeded');
    assert.equal((await call(emulator, 'GET', path)).json.properties.provisioningState, 'Succeeded');

    const again = await call(emulator, 'PATCH', path, { body: change });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.headers.get('azure-asyncoperation'), null);
    assert.equal(again.json.properties.provisioningState, 'Succeeded');

    // A PUT over it: 200, Updating, with the operation headers; then Succeeded.
    const over = await call(emulator, 'PUT', path, { body: azureMl({ installNvidiaDevicePlugin: 'False' }) });
    assert.equal(over.status, 200, over.text);
    assert.equal(over.json.properties.provisioningState, 'Updating');
    assert.equal(emulator.requests.at(-1)?.replacedExisting, true);
    assert.equal((await settled(operationOf(over, path))).json.status, 'Succeeded');
    // A PUT replaces the protected settings too: none were sent.
    assert.deepEqual(emulator.state.extensionProtectedSettings?.[id.toLowerCase()], {});
    // The same PUT again changes nothing: CreateExtension.json's 200, no Azure-AsyncOperation.
    const same = await call(emulator, 'PUT', path, { body: azureMl({ installNvidiaDevicePlugin: 'False' }) });
    assert.equal(same.status, 200, same.text);
    assert.equal(same.headers.get('azure-asyncoperation'), null);
    assert.equal(same.headers.get('x-ms-async-operation-timeout'), 'PT48H');
    assert.equal(same.json.properties.provisioningState, 'Succeeded');
    assert.equal((await call(emulator, 'GET', `${same.headers.get('operation-location')}?${API}`)).json.status, 'Succeeded');
  });

  test('refused: version with autoUpgradeMinorVersion true (400), no extensionType, both scopes, settings that are not strings, the type or scope by PATCH; PATCH of an absent extension 404', async () => {
    const path = ext('aks-prod-eastus', 'azureml-refused');
    const pinned = await call(emulator, 'PUT', path, { body: azureMl({}, undefined, { version: '1.1.64', autoUpgradeMinorVersion: true }) });
    assertArmError(pinned, 400, 'BadRequest');
    assert.equal(pinned.json.error.target, 'properties.version');
    assert.match(pinned.json.error.message, /autoUpgradeMinorVersion must be 'false'/);
    /** @type {[unknown, string][]} */
    const cases = [
      [{ properties: { releaseTrain: 'stable' } }, 'properties.extensionType'],
      [azureMl({}, undefined, { scope: { cluster: { releaseNamespace: 'azureml' }, namespace: { targetNamespace: 'ml' } } }), 'properties.scope'],
      [azureMl({}, undefined, { scope: { namespace: { targetNamespace: 'ml' } } }), 'properties.scope'],
      [azureMl({}, undefined, { configurationSettings: { enableTraining: true } }), "properties.configurationSettings['enableTraining']"],
      [azureMl({}, { 'scoringFe.sslCert': /** @type {any} */ (42) }), "properties.configurationProtectedSettings['scoringFe.sslCert']"],
      [azureMl({}, undefined, { autoUpgradeMode: 'always' }), 'properties.autoUpgradeMode'],
      [azureMl({}, undefined, { releaseTrain: '' }), 'properties.releaseTrain'],
      [{ ...azureMl({}), identity: { type: 'None' } }, 'identity.type'],
    ];
    for (const [body, target] of cases) {
      const answer = await call(emulator, 'PUT', path, { body });
      assertArmError(answer, 400, 'BadRequest');
      assert.equal(answer.json.error.target, target, answer.text);
    }
    assertArmError(await call(emulator, 'PUT', path, { body: 'not json' }), 400, 'InvalidRequestContent');
    assertArmError(await call(emulator, 'GET', path), 404, 'ResourceNotFound');
    const absent = await call(emulator, 'PATCH', path, { body: { properties: { releaseTrain: 'preview' } } });
    assertArmError(absent, 404, 'ResourceNotFound');
    assert.equal(absent.json.error.message, "The Resource 'Microsoft.KubernetesConfiguration/extensions/azureml-refused' under resource group 'rg-aks-prod' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    // On the seed's installed extension: no PATCH of the type or the scope, no pin with auto-upgrade.
    const installed = ext('aks-prod-eastus', 'azureml');
    for (const [properties, target] of /** @type {[Record<string, unknown>, string][]} */ ([
      [{ extensionType: 'microsoft.flux' }, 'properties.extensionType'],
      [{ scope: { cluster: { releaseNamespace: 'other' } } }, 'properties.scope'],
      [{ version: '1.1.70', autoUpgradeMinorVersion: true }, 'properties.version'],
    ])) {
      const answer = await call(emulator, 'PATCH', installed, { body: { properties } });
      assertArmError(answer, 400, 'BadRequest');
      assert.equal(answer.json.error.target, target);
    }
    // Nor a PUT that changes the type of an existing extension.
    assertArmError(await call(emulator, 'PUT', ext('aks-prod-eastus', 'flux'), { body: azureMl({}) }), 400, 'BadRequest');
    // A version pinned with autoUpgradeMinorVersion false is accepted.
    const ok = await call(emulator, 'PUT', path, { body: azureMl({}, undefined, { version: '1.1.64', autoUpgradeMinorVersion: false }) });
    assert.equal(ok.status, 201, ok.text);
    await settled(operationOf(ok, path));
    assert.equal((await call(emulator, 'GET', path)).json.properties.currentVersion, '1.1.64');
    // The other served api-version; an unknown one.
    assert.equal((await call(emulator, 'GET', path.replace(API, 'api-version=2024-11-01'))).status, 200);
    assertArmError(await call(emulator, 'GET', path.replace(API, 'api-version=2019-11-01-preview')), 400, 'NoRegisteredProviderFound');
  });

  test('DELETE: 202 with Azure-AsyncOperation, Deleting, then gone; 204 when absent; forceDelete=true removes at once (200, as recorded)', async () => {
    const path = ext('arc-edge-02', 'azureml-delete');
    const put = await call(emulator, 'PUT', path, { body: azureMl({}, { relayServerConnectionString: 'secret' }) });
    await settled(operationOf(put, path));
    const id = `${cluster('arc-edge-02')}/providers/Microsoft.KubernetesConfiguration/extensions/azureml-delete`;
    const deleted = await call(emulator, 'DELETE', path);
    assert.equal(deleted.status, 202, deleted.text);
    assert.equal(deleted.text, '');
    const status = /** @type {string} */ (deleted.headers.get('azure-asyncoperation'));
    assertOwnUrl(emulator, status);
    // DeleteExtension.json: Azure-AsyncOperation only.
    assert.equal(deleted.headers.get('operation-location'), null);
    assert.equal(deleted.headers.get('location'), null);
    assert.ok(deleted.headers.get('x-ms-ratelimit-remaining-subscription-deletes'));
    assert.equal((await call(emulator, 'GET', path)).json.properties.provisioningState, 'Deleting');
    assert.equal((await settled(status)).json.status, 'Succeeded');
    assertArmError(await call(emulator, 'GET', path), 404, 'ResourceNotFound');
    assert.equal(emulator.state.extensionProtectedSettings?.[id.toLowerCase()], undefined);
    // The operation still answers after its extension is gone.
    assert.equal((await call(emulator, 'GET', status)).json.status, 'Succeeded');
    assert.equal((await call(emulator, 'DELETE', path)).status, 204);

    const again = await call(emulator, 'PUT', path, { body: azureMl({}) });
    assert.equal(again.status, 201);
    const forced = await call(emulator, 'DELETE', `${path}&forceDelete=true`);
    assert.equal(forced.status, 200, forced.text);
    assert.deepEqual(forced.json, { content: null, statusCode: 200, headers: [], version: '1.1', reasonPhrase: 'OK', trailingHeaders: [], requestMessage: null, isSuccessStatusCode: true });
    assertArmError(await call(emulator, 'GET', path), 404, 'ResourceNotFound');
    // The install it cut short says Canceled.
    assert.equal((await call(emulator, 'GET', /** @type {string} */ (again.headers.get('azure-asyncoperation')))).json.status, 'Canceled');
    assertArmError(await call(emulator, 'DELETE', `${path}&forceDelete=maybe`), 400, 'BadRequest');
    // An unknown operation.
    assertArmError(await call(emulator, 'GET', `${path.split('?')[0]}/operations/00000000-0000-0000-0000-000000000000?${API}`), 404, 'ResourceNotFound');
  });

  test('E40002: inference with inferenceRouterHA (default true) on fewer than 3 nodes fails the install; with inferenceRouterHA=False it succeeds', async () => {
    const path = ext('aks-dev-basic', 'azureml-ha');
    const settings = { enableInference: 'True', inferenceRouterServiceType: 'nodePort', allowInsecureConnections: 'True' };
    const put = await call(emulator, 'PUT', path, { body: azureMl(settings) });
    assert.equal(put.status, 201, put.text);
    const done = await settled(operationOf(put, path));
    assertHealthcheckFailure(done, await call(emulator, 'GET', path), 'E40002');
    assert.match(done.json.error.message, /Status: Failed Name: clusterresource ErrorCode: E40002 ErrorMessage: Insufficient healthy node/);
    // Retried with the HA off: a new install, which succeeds.
    const retry = await call(emulator, 'PUT', path, { body: azureMl({ ...settings, inferenceRouterHA: 'False' }) });
    assert.equal(retry.status, 200, retry.text);
    assert.equal((await settled(operationOf(retry, path))).json.status, 'Succeeded');
    const get = await call(emulator, 'GET', path);
    assert.equal(get.json.properties.provisioningState, 'Succeeded');
    assert.deepEqual(get.json.properties.statuses, []);
    // A PATCH turning the HA back on fails the upgrade (pre-upgrade).
    const patched = await call(emulator, 'PATCH', path, { body: { properties: { configurationSettings: { inferenceRouterHA: 'True' } } } });
    assert.equal(patched.status, 202, patched.text);
    assertHealthcheckFailure(await settled(operationOf(patched, path)), await call(emulator, 'GET', path), 'E40002', 'upgrade');
  });

  test('E40003: internalLoadBalancerProvider=azure on an Arc cluster fails the install; on AKS it installs', async () => {
    const path = ext('arc-edge-02', 'azureml-ilb');
    const put = await call(emulator, 'PUT', path, { body: azureMl({ internalLoadBalancerProvider: 'azure' }) });
    const done = await settled(operationOf(put, path));
    assertHealthcheckFailure(done, await call(emulator, 'GET', path), 'E40003');
    const aks = ext('aks-prod-eastus', 'azureml-ilb');
    const onAks = await call(emulator, 'PUT', aks, { body: azureMl({ internalLoadBalancerProvider: 'azure' }) });
    assert.equal((await settled(operationOf(onAks, aks))).json.status, 'Succeeded');
  });

  test('E40007: inference over HTTPS without sslSecret or the protected scoringFe.sslCert and sslKey fails the install; each of them, or allowInsecureConnections=true, passes', async () => {
    const path = ext('aks-prod-eastus', 'azureml-tls');
    const inference = { enableInference: 'True', inferenceRouterServiceType: 'loadBalancer', sslCname: 'ml.contoso.com' };
    const put = await call(emulator, 'PUT', path, { body: azureMl(inference) });
    assertHealthcheckFailure(await settled(operationOf(put, path)), await call(emulator, 'GET', path), 'E40007');
    // Only the certificate: still no key.
    const half = await call(emulator, 'PUT', path, { body: azureMl(inference, { 'scoringFe.sslCert': PEM }) });
    assertHealthcheckFailure(await settled(operationOf(half, path)), await call(emulator, 'GET', path), 'E40007');
    for (const [settings, secrets] of /** @type {[Record<string, string>, Record<string, string> | undefined][]} */ ([
      [{ ...inference, sslSecret: 'azureml-tls' }, undefined],
      [{ ...inference, 'scoringFe.sslSecret': 'azureml-tls' }, undefined],
      [inference, { 'scoringFe.sslCert': PEM, 'scoringFe.sslKey': PEM }],
      [{ ...inference, allowInsecureConnections: 'true' }, undefined],
    ])) {
      const ok = await call(emulator, 'PUT', path, { body: azureMl(settings, secrets) });
      assert.equal((await settled(operationOf(ok, path))).json.status, 'Succeeded', JSON.stringify(settings));
    }
  });

  test('neither training nor inference enabled fails the install; lro.outcomes overrides by name; another extension type is not healthchecked', async () => {
    const path = ext('aks-prod-eastus', 'azureml-nothing');
    const put = await call(emulator, 'PUT', path, { body: azureMl({ enableTraining: 'False', enableInference: 'False' }) });
    const done = await settled(operationOf(put, path));
    assertHealthcheckFailure(done, await call(emulator, 'GET', path), undefined);
    assert.match(done.json.error.message, /either enable Machine Learning training or inference/);

    const timeout = ext('aks-prod-eastus', 'ext-timeout');
    const configured = await call(emulator, 'PUT', timeout, { body: azureMl({}) });
    const failed = await settled(operationOf(configured, timeout));
    assert.deepEqual(failed.json.error, { code: 'ExtensionOperationFailed', message: 'The extension operation timed out.' });
    const get = await call(emulator, 'GET', timeout);
    assert.equal(get.json.properties.provisioningState, 'Failed');
    assert.equal(get.json.properties.statuses[0].message, 'The extension operation timed out.');

    // Dapr, with nothing set: the service fills the release namespace in (recorded) and installs it.
    const dapr = ext('aks-dev-basic', 'dapr');
    const installed = await call(emulator, 'PUT', dapr, { body: { properties: { extensionType: 'Microsoft.Dapr' } } });
    assert.equal(installed.status, 201, installed.text);
    assert.deepEqual(installed.json.properties.scope, { cluster: { releaseNamespace: 'dapr-system' } });
    assert.equal(installed.json.properties.extensionType, 'Microsoft.Dapr');
    assert.equal((await settled(operationOf(installed, dapr))).json.status, 'Succeeded');
    assert.equal((await call(emulator, 'GET', dapr)).json.properties.currentVersion, '1.6.0');
  });

  test('ARM refuses these writes as it refuses others: 403 AuthorizationFailed without extensions/write, a throttled PUT, mandatory MFA', async () => {
    const path = ext('aks-prod-eastus', 'azureml-arm');
    const id = `${AKS_PROD}/providers/Microsoft.KubernetesConfiguration/extensions/azureml-arm`;
    const message = `The client '11111111-2222-3333-4444-555555555555' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action 'Microsoft.KubernetesConfiguration/extensions/write' over scope '${id}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
    emulator.faults.add({ kind: 'error', method: 'PUT', path: '/providers/Microsoft\\.KubernetesConfiguration/extensions/', status: 403, code: 'AuthorizationFailed', message, times: 1 });
    const denied = await call(emulator, 'PUT', path, { body: azureMl({}) });
    assertArmError(denied, 403, 'AuthorizationFailed');
    assert.equal(denied.json.error.message, message);
    assert.equal(denied.headers.get('x-ms-failure-cause'), 'gateway');
    assert.equal(emulator.requests.at(-1)?.body, undefined, 'refused before the route: no body kept');
    assertArmError(await call(emulator, 'GET', path), 404, 'ResourceNotFound');

    emulator.faults.add({ kind: 'throttle', method: 'PUT', path: '/extensions/azureml-arm$', retryAfterSeconds: 3, times: 1 });
    const throttled = await call(emulator, 'PUT', path, { body: azureMl({}) });
    assertArmError(throttled, 429, 'TooManyRequests');
    assert.equal(throttled.headers.get('retry-after'), '3');
    assertArmError(await call(emulator, 'GET', path), 404, 'ResourceNotFound');
    const retried = await call(emulator, 'PUT', path, { body: azureMl({}) });
    assert.equal(retried.status, 201, retried.text);
    await settled(operationOf(retried, path));

    const rule = emulator.faults.add({ kind: 'mfa-required' });
    try {
      const patch = await call(emulator, 'PATCH', path, { body: { properties: { releaseTrain: 'preview' } } });
      assertArmError(patch, 401, 'RequestDisallowedByAzure');
      assert.equal(patch.json.error.target, 'azureml-arm');
      assert.match(patch.headers.get('www-authenticate') ?? '', /error="insufficient_claims", claims="/);
      assertArmError(await call(emulator, 'DELETE', path), 401, 'RequestDisallowedByAzure');
      // Reads go through; a token with MFA writes.
      assert.equal((await call(emulator, 'GET', path)).status, 200);
      assert.equal((await call(emulator, 'PATCH', path, { body: { properties: { releaseTrain: 'preview' } }, token: makeToken({ acrs: ['p1'] }) })).status, 202);
    } finally {
      emulator.faults.remove(rule);
    }
  });
});
