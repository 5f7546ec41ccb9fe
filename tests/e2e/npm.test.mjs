// @ts-check
/**
 * The npm package as a user gets it: `npm pack` of scripts/npm-package.sh's output, installed
 * from the tarball into a scratch project, then used from ESM and CommonJS (validate, generate,
 * decodeSecret, parseVersions, explain) and type-checked from a small TypeScript consumer against the
 * shipped declarations.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ROOT } from './browser.mjs';

const SECRET = join(ROOT, 'target/fixtures/wasm/rsa2048-pkcs8/secret.yaml');
const VERSIONS = join(
  ROOT,
  '../shared/fixtures/azure-rest-api-specs/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/examples/KubernetesVersions_List.json',
);

/** @type {string} */
let project;

before(async () => {
  const tarball = execFileSync(join(ROOT, 'scripts/npm-package.sh'), ['--no-build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  project = await mkdtemp(join(tmpdir(), 'amlattach-npm-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // A local tarball with no dependencies: nothing is fetched.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project, stdio: 'pipe' });
});

after(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

/**
 * Runs a script in the scratch project and returns what it printed (JSON).
 * @param {string} name
 * @param {string} source
 */
async function run(name, source) {
  await writeFile(join(project, name), source);
  return JSON.parse(execFileSync(process.execPath, [name], { cwd: project, encoding: 'utf8', env: { ...process.env, SECRET, VERSIONS } }));
}

const USE = `
const spec = 'name: k8s-prod\\ntype: kubernetes\\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\\n';
const checked = m.validate(spec);
const bad = m.validate('name: 1x\\ntype: kubernetes\\n');
const command = m.generate(spec, 'az-v2', { context: { workspace: { name: 'ws-ml', resource_group: 'rg' } } }).text;
const secret = m.decodeSecret(fs.readFileSync(process.env.SECRET, 'utf8'));
const versions = m.parseVersions(JSON.stringify(JSON.parse(fs.readFileSync(process.env.VERSIONS, 'utf8')).responses['200'].body));
// github.com/Azure/AML-Kubernetes/issues/261
const explained = m.explain('(BadRequest) Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.', spec);
console.log(JSON.stringify({
  explained: explained.matches.map((f) => f.id), fix: explained.matches[0]?.causes[0]?.fix.commands.map((c) => c.text).join('\\n'),
  ok: checked.ok, badCodes: bad.diagnostics.map((d) => d.code), command,
  subject: secret.certificates[0]?.subject, keyType: secret.key?.type, match: secret.keyMatchesCertificate,
  versions: versions.list?.versions.length, version: m.version(),
}));
`;

/** @param {any} out */
function checkOutput(out) {
  assert.equal(out.ok, true);
  assert.ok(out.badCodes.includes('name-first-char'), out.badCodes.join(' '));
  assert.match(out.command, /az ml compute attach/);
  assert.match(out.command, /--workspace-name ws-ml/);
  assert.match(out.subject, /CN=/);
  assert.equal(out.keyType, 'rsa');
  assert.equal(out.match, true);
  assert.ok(out.versions > 0);
  assert.deepEqual(out.explained, ['local-accounts-disabled']);
  assert.match(out.fix, /--cluster-name aks/);
}

test('ESM: import from "amlattach"', async () => {
  const out = await run('esm.mjs', `import * as m from 'amlattach';\nimport fs from 'node:fs';\n${USE}`);
  checkOutput(out);
  const cargo = await readFile(join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(out.version, /^version = "([^"]+)"/m.exec(cargo)?.[1]);
});

test('CommonJS: require("amlattach")', async () => {
  checkOutput(await run('cjs.cjs', `const m = require('amlattach');\nconst fs = require('node:fs');\n${USE}`));
});

test('a TypeScript consumer type-checks against the shipped declarations, and a wrong use does not', async () => {
  const good = `import { validate, generate, decodeSecret, parseVersions, explain, type ValidationResult, type Diagnostic, type Explanation } from 'amlattach';
const result: ValidationResult = validate('name: k8s\\ntype: kubernetes\\n');
const codes: string[] = result.diagnostics.map((d: Diagnostic) => d.code);
const text: string = generate({ name: 'k8s' }, 'az-v2', { shell: 'pwsh' }).text;
const subject: string | undefined = decodeSecret('x').certificates[0]?.subject;
const count: number | undefined = parseVersions('x').list?.versions.length;
const explained: Explanation = explain('extension not installed');
const confidence: 'low' | 'medium' | 'high' | undefined = explained.matches[0]?.confidence;
export { codes, text, subject, count, confidence };
`;
  await writeFile(join(project, 'good.ts'), good);
  await writeFile(join(project, 'bad.ts'), `import { validate } from 'amlattach';\nconst n: number = validate('x').ok;\nexport { n };\n`);
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  const options = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', ''];
  execFileSync(tsc, [...options, 'good.ts'], { cwd: project, stdio: 'pipe' });
  assert.throws(() => execFileSync(tsc, [...options, 'bad.ts'], { cwd: project, stdio: 'pipe' }), 'a boolean is not a number');
});
