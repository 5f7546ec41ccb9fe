// @ts-check
/**
 * The `--target nodejs` build, as scripts and later the npm package use it.
 * @module
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

import { ROOT } from './browser.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../target/wasm-bindgen/node/amlattach.js')} */
const amlattach = require(join(ROOT, 'target/wasm-bindgen/node/amlattach.js'));

test('the Node build validates compute names like the page does', () => {
  assert.deepEqual(amlattach.validateComputeName('myaks'), { ok: true, diagnostics: [] });
  const report = amlattach.validateComputeName('a_b');
  assert.equal(report.ok, false);
  assert.deepEqual(report.diagnostics, [
    {
      code: 'name-invalid-char',
      severity: 'error',
      path: 'name',
      message: "only ASCII letters, digits and '-' are allowed; found '_' at position 2",
      source: 'learn.microsoft.com/azure/machine-learning/v1/how-to-create-attach-kubernetes',
    },
  ]);
});

test('the Node build survives hostile input', () => {
  for (const name of ['', '\u0000', 'x'.repeat(1_000_000), '\ud800', '𝔞𝔨𝔰']) {
    assert.equal(amlattach.validateComputeName(name).ok, false);
  }
  // The troubleshooter reads anything pasted: deep JSON, more than it reads, broken surrogates.
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  for (const text of ['', '\ud800{"error":', deep, 'extension not installed '.repeat(100_000), '{"error":{"code":"BadRequest","details":[' + '{"error":{}},'.repeat(10_000) + ']}}']) {
    const explained = amlattach.explain(text, '\u0000not: [a spec', { context: '{"cluster": {"node_pools": [{"count": -1}]}}' });
    assert.equal(typeof explained.matched, 'boolean');
  }
  assert.equal(amlattach.explain('x'.repeat(2_000_000)).input.truncated, true);
});

test('the Node build validates a compute YAML file from the test cases', async () => {
  const { readFile } = await import('node:fs/promises');
  const yaml = await readFile(join(ROOT, 'tests/cases/v1/vnet-service-cidr-12.yml'), 'utf8');
  const result = amlattach.validate(yaml);
  assert.equal(result.ok, false);
  assert.equal(result.normalized, null);
  const problem = result.diagnostics.find((d) => d.code === 'service-cidr-too-large');
  assert.equal(problem?.path, 'vnet.service_cidr');
  assert.equal(typeof problem?.line, 'number');
});

test('the Node build generates commands and lists its targets', async () => {
  const { readFile } = await import('node:fs/promises');
  const yaml = await readFile(join(ROOT, 'tests/cases/v2/ok-arc-user-assigned.yml'), 'utf8');
  const out = amlattach.generate(yaml, 'az-v2', { context: { workspace: { name: 'ws-ml', resource_group: 'rg' } } });
  assert.equal(out.language, 'bash');
  assert.equal(out.filename, 'attach.sh');
  assert.match(out.text, /--identity-type UserAssigned \\\n {2}--user-assigned-identities \//);
  assert.deepEqual(
    amlattach.targets().map((t) => t.id),
    ['prepare', 'az-v2', 'yaml-v2', 'python-v2', 'az-v1', 'python-v1', 'arm-json', 'arm-az-rest', 'arm-curl', 'bicep', 'terraform', 'kubectl', 'grant', 'detach', 'reattach'],
  );
  assert.throws(() => amlattach.generate('name: 1x\ntype: kubernetes\n', 'az-v2'), { name: 'AmlattachError', code: 'invalid-spec' });
});

test('the Node build checks and writes the Azure ML extension', () => {
  const cluster = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks';
  const spec = { cluster, config: { enableInference: true, inferenceRouterServiceType: 'loadBalancer', sslSecret: 'tls' } };
  const checked = amlattach.validateExtension(spec);
  assert.equal(checked.ok, false);
  assert.deepEqual(checked.diagnostics.map((d) => [d.code, d.path]), [['extension-cname-required', 'config.sslSecret']]);
  const fixed = { ...spec, config: { ...spec.config, sslCname: 'ml.contoso.com' } };
  assert.equal(amlattach.validateExtension(fixed).normalized?.config.sslCname, 'ml.contoso.com');
  const bicep = amlattach.generateExtension(fixed, 'bicep');
  assert.equal(bicep.language, 'bicep');
  assert.match(bicep.text, /'scoringFe.sslSecret': 'tls'/);
  assert.deepEqual(amlattach.extensionTargets().map((t) => t.id).slice(0, 2), ['az-create', 'az-update']);
  assert.ok(amlattach.extensionSettings().some((s) => s.key === 'nodeSelector.' && s.kind === 'label'));
});

test("the page's checker reads the form's objects and JSON, and leaves YAML to the full module", async () => {
  // The checker (www/pkg/amlattach.js, built without the `yaml` feature: the first verdict waits
  // for its bytes) through its web glue's synchronous start.
  const { readFileSync } = await import('node:fs');
  const checker = await import(join(ROOT, 'www/pkg/amlattach.js'));
  checker.initSync({ module: readFileSync(join(ROOT, 'www/pkg/amlattach_bg.wasm')) });
  const cluster = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks';
  const spec = { name: 'k8s', type: 'kubernetes', resource_id: cluster };
  assert.equal(checker.validate(spec).ok, true);
  assert.equal(checker.validate(JSON.stringify(spec)).ok, true);
  const yaml = checker.validate(`name: k8s\ntype: kubernetes\nresource_id: ${cluster}\n`);
  assert.equal(yaml.ok, false);
  assert.match(yaml.diagnostics[0].message, /reads JSON only/);
  // The same YAML in the full module (the Node package, and the page's generators).
  assert.equal(amlattach.validate(`name: k8s\ntype: kubernetes\nresource_id: ${cluster}\n`).ok, true);
});
