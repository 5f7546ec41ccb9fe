// @ts-check
/**
 * The "Something failed?" section as a user meets it: real failure messages pasted (each with
 * its public source), the causes and fix commands read off the screen, the fix commands written
 * for the form's own compute, secrets pasted along never shown, no request while explaining, and
 * the page's own failed attach handed over (tests/e2e/live.test.mjs).
 * @module
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { axeViolations, launchBrowser, recordProblems, ROOT, SITE } from './browser.mjs';

/** The core's Node build: the list of known failures the page must show, from the core itself. */
/** @type {typeof import('../../target/wasm-bindgen/node/amlattach.js')} */
const core = createRequire(import.meta.url)(join(ROOT, 'target/wasm-bindgen/node/amlattach.js'));

const SUB = '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b';
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-prod`;

// github.com/Azure/AML-Kubernetes/issues/279: what `az ml compute attach` printed.
const ROLE_CHECK = `ERROR: (BadRequest) AKS role check failed for user assigned identity. Please check the role assignment.
Code: BadRequest
Message: AKS role check failed for user assigned identity. Please check the role assignment.`;
// github.com/MicrosoftDocs/azure-docs/issues/55597: a v1 attach of a 2-node cluster.
const FASTPROD = "ComputeTargetException: Received bad response from Resource Provider:\nResponse Code: 400\nResponse Content: b'{\"error\":{\"code\":\"BadRequest\",\"message\":\"At least 3 machine(s) are required for cluster with purpose \\'FastProd\\'. Available machine(s) : 2\"}}'";
// github.com/Azure/AML-Kubernetes/issues/261: an attach to a cluster with local accounts disabled.
const LOCAL_ACCOUNTS =
  'azure.core.exceptions.HttpResponseError: (BadRequest) Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.';

// github.com/Azure/AML-Kubernetes/issues/158: the command a user ran (continued over lines, with
// the retired `inferenceLoadBalancerHA`), then the healthcheck's report of an install like it
// (the code's line as github.com/Azure/AML-Kubernetes/issues/271 posted it).
const HA_COMMAND = `az k8s-extension create \\
        --extension-type Microsoft.AzureML.Kubernetes \\
        --cluster-type managedClusters \\
        --cluster-name aks-prod-eastus \\
        --resource-group rg-aks-prod \\
        --name azureml \\
        --scope cluster \\
        --config \\
            enableTraining=True \\
            enableInference=True \\
            inferenceLoadBalancerHA=false \\
            allowInsecureConnections=True
Status: Failed Name: clusterresource ErrorCode: E40002 ErrorMessage: Insufficient healthy node`;

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
let problems;

before(async () => {
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
  page = await browser.newPage();
  problems = recordProblems(page);
  await page.goto(`${server.url}?cluster=${encodeURIComponent(CLUSTER)}&workspace=${encodeURIComponent(WORKSPACE)}#explain`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const box = () => page.getByLabel('What the failure said');
const failure = (/** @type {string} */ id) => page.locator(`#explain-result .explained[data-id="${id}"]`);

test('the task shows the troubleshooter alone, and it knows its failures', async () => {
  assert.ok(await page.locator('#explain-section').isVisible());
  assert.equal(await page.locator('#attach-form').isVisible(), false);
  await page.getByText(/^Failures it knows/).click();
  const known = core.knownFailures();
  // The list is filled at once.
  await page.locator('#explain-known li').first().waitFor();
  assert.deepEqual(
    await page.locator('#explain-known li').allInnerTexts(),
    known.map((f) => f.title),
  );
});

test('a real role-check failure names the missing roles and writes the role assignments', async () => {
  await box().fill(ROLE_CHECK);
  await failure('aks-role-check-failed').waitFor();
  const card = failure('aks-role-check-failed');
  assert.equal(await card.getAttribute('data-confidence'), 'high');
  assert.match(await card.locator('.evidence').innerText(), /AKS role check failed/);
  const commands = await card.locator('pre').allInnerTexts();
  for (const role of ['Reader', 'Kubernetes Extension Contributor', 'Azure Kubernetes Service Cluster Admin Role']) {
    assert.ok(commands.some((c) => c.includes('az role assignment create') && c.includes(role)), role);
  }
  assert.match(await page.locator('#explain-summary').innerText(), /1 known failure found/);
});

test('signed out, the offer to check the causes with the pre-flight says to sign in first', async () => {
  await page.getByRole('button', { name: 'Check these causes with the pre-flight' }).click();
  await page.locator('.explain-preflight [role="status"]', { hasText: 'Sign in in the live section first' }).waitFor();
});

test('two failures in one paste are both found, the more certain first', async () => {
  await box().fill(`${LOCAL_ACCOUNTS}\n\nand earlier, on another cluster:\n${FASTPROD}`);
  await failure('fastprod-node-count').waitFor();
  const ids = await page.locator('#explain-result .explained').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-id')));
  assert.ok(ids.includes('local-accounts-disabled') && ids.includes('fastprod-node-count'), ids.join());
  const rank = { high: 3, medium: 2, low: 1 };
  const levels = await page.locator('#explain-result .explained').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-confidence') ?? ''));
  const ranks = levels.map((l) => rank[/** @type {keyof typeof rank} */ (l)]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), levels.join());
  assert.match(await failure('local-accounts-disabled').innerText(), /az aks trustedaccess rolebinding create/);
  assert.match(await failure('fastprod-node-count').innerText(), /DevTest/);
});

test('the fix commands follow the form: its cluster and workspace replace the placeholders', async () => {
  // The address gave the cluster and the workspace; a compute name makes the form's spec valid.
  await page.goto(`${server.url}?cluster=${encodeURIComponent(CLUSTER)}&workspace=${encodeURIComponent(WORKSPACE)}#attach`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
  await page.getByLabel('Compute name').fill('k8s-prod');
  await box().fill(LOCAL_ACCOUNTS);
  await failure('local-accounts-disabled').waitFor();
  const text = await failure('local-accounts-disabled').innerText();
  assert.match(text, /--resource-group rg-aks-prod/);
  assert.match(text, /--cluster-name aks-prod-eastus/);
  assert.match(text, /workspaces\/ws-prod/);
  // PowerShell writes the same commands with its own line continuation.
  await page.locator('#explain-section').getByLabel('PowerShell').check();
  await page.locator('#explain-result pre', { hasText: '`' }).first().waitFor();
});

test('secrets pasted along never show, nothing is sent while explaining, nothing is stored', async () => {
  /** @type {string[]} */
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwic3ViIjoiYWJjIn0.c2lnbmF0dXJlLW5vdC1yZWFs';
  const pasted = [
    'DEBUG: Request headers: Authorization: Bearer ' + jwt,
    'DEBUG: blob https://stacct.blob.core.windows.net/c/x?sv=2022-11-02&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D',
    'DefaultEndpointsProtocol=https;AccountName=stacct;AccountKey=c2VjcmV0a2V5c2VjcmV0a2V5c2VjcmV0a2V5c2VjcmV0a2V5;EndpointSuffix=core.windows.net',
    ROLE_CHECK,
  ].join('\n');
  await box().fill(pasted);
  await failure('aks-role-check-failed').waitFor();
  const shown = await page.locator('#explain-section').evaluate((section) => {
    const box = /** @type {HTMLTextAreaElement} */ (section.querySelector('textarea'));
    // Everything in the section but the user's own text box.
    const clone = /** @type {HTMLElement} */ (section.cloneNode(true));
    clone.querySelector('textarea')?.remove();
    return { text: clone.textContent ?? '', html: clone.innerHTML, kept: box.value.length };
  });
  for (const secret of [jwt, 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA', 'c2VjcmV0a2V5c2VjcmV0a2V5']) {
    assert.ok(!shown.html.includes(secret), `the section shows ${secret.slice(0, 12)}…`);
  }
  assert.match(shown.text, /secrets were blanked out/);
  assert.ok(shown.kept > 0, 'the text box keeps what the user pasted');
  assert.deepEqual(requests, [], 'explaining must not make any request');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie);
  assert.ok(!stored.includes('eyJ0eXAi') && !stored.includes('AccountKey'), 'nothing pasted is stored');
});

test('text with no known failure says so and lists the checks worth running', async () => {
  // A successful `az ml compute show`: nothing failed.
  await box().fill('{\n  "name": "k8s-prod",\n  "provisioning_state": "Succeeded",\n  "type": "kubernetes"\n}');
  await page.locator('#explain-summary', { hasText: 'No known failure matched' }).waitFor();
  assert.equal(await page.locator('#explain-result .explained').count(), 0);
  assert.match(await page.locator('#explain-result .explain-checks').innerText(), /az k8s-extension/);
});

// ARM's ResourceNotFound as the REST contract writes it, for an Arc cluster (error-not-found in the
// Resource Manager troubleshooting docs gives the shape; the names are this test's own).
const ARC_NOT_FOUND = `{"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.Kubernetes/connectedClusters/edge-01' under resource group 'rg-edge' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"}}`;

test('an error the knowledge base has no sentence for is read from its structure, with its own values', async () => {
  await page.goto(`${server.url}#explain`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
  await box().fill(ARC_NOT_FOUND);
  await failure('resource-not-found').waitFor();
  assert.match(await page.locator('#explain-result .explain-read').innerText(), /Arc-enabled Kubernetes cluster edge-01 \(resource group rg-edge\) not found/);
  const commands = (await failure('resource-not-found').locator('pre').allInnerTexts()).join('\n');
  // The Arc cluster's own commands, not AKS's, with the names the text gave.
  assert.match(commands, /az connectedk8s show \\\s+--resource-group rg-edge \\\s+--name edge-01/);
  assert.doesNotMatch(commands, /az aks /);
  assert.match(commands, /az resource list \\\s+--name edge-01/);
});

test('an extension failure names its setting, says the pasted command set it under a retired name, and links to its field', async () => {
  await page.goto(`${server.url}?cluster=${encodeURIComponent(CLUSTER)}#explain`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
  await box().fill(HA_COMMAND);
  await failure('healthcheck-insufficient-nodes').waitFor();
  const setting = failure('healthcheck-insufficient-nodes').locator('.settings-at-fault li[data-key="inferenceRouterHA"]');
  const words = await setting.innerText();
  assert.match(words, /inferenceRouterHA is not set \(its default: True\), the fix sets False/);
  assert.match(words, /the healthcheck's E40002/);
  assert.match(words, /Your command’s inferenceLoadBalancerHA=false is not read as this setting/);
  // The notes say what the extension makes of the command's settings.
  assert.match(await page.locator('#explain-result').innerText(), /inferenceLoadBalancerHA.? is no longer read by the extension or the CLI: use .?inferenceRouterHA/);
  await setting.getByRole('link', { name: 'Change it in the extension form' }).click();
  await page.waitForFunction(() => document.body.dataset.task === 'attach');
  const field = page.locator('#extension-form [data-path="config.inferenceRouterHA"]');
  await field.waitFor();
  assert.equal(await field.evaluate((f) => f === document.activeElement), true);
});

test('where the form and the text disagree, the form wins and the page says so', async () => {
  await page.goto(`${server.url}?cluster=${encodeURIComponent(CLUSTER)}&workspace=${encodeURIComponent(WORKSPACE)}#attach`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
  await page.getByLabel('Compute name').fill('k8s-prod');
  await box().fill(LOCAL_ACCOUNTS + '\n' + ARC_NOT_FOUND);
  await failure('local-accounts-disabled').waitFor();
  // Names quoted in backticks show as code, not as backticks.
  assert.match(await page.locator('#explain-result').innerText(), /the text names cluster edge-01, your spec or workspace says aks-prod-eastus: the commands use yours/);
  assert.equal(await page.locator('#explain-result p.hint code', { hasText: 'edge-01' }).count(), 1);
  assert.doesNotMatch(await page.locator('#explain-result').evaluate((r) => [...r.querySelectorAll('p, .findings li')].map((p) => p.textContent).join('\n')), /`/);
  assert.match(await failure('local-accounts-disabled').innerText(), /--cluster-name aks-prod-eastus/);
});

test('the section passes an accessibility audit and runs without console errors', async () => {
  await box().fill(ROLE_CHECK);
  await failure('aks-role-check-failed').waitFor();
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
  assert.deepEqual(problems, [], problems.join('\n'));
});
