// @ts-check
/**
 * A release's files as a user gets them, for the machine the tests run on: `scripts/dist.sh` writes
 * them into a scratch folder as the release workflow does (the CLI's archive for this host, the
 * extension's zip, the npm tarball, the built page as a zip, SHA256SUMS), then each is used the way
 * its reader would: the sums checked with `sha256sum -c`; the CLI unpacked and run (`--version`,
 * and a spec checked with the exit codes the README gives); the page unzipped, served and loaded in
 * Chromium to its first verdict. The extension's zip loaded unpacked is
 * tests/e2e/extension-package.test.mjs's, the npm tarball installed tests/e2e/npm.test.mjs's.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { ROOT, launchBrowser, recordProblems } from './browser.mjs';

const VERSION = /^version = "([^"]+)"/m.exec(await readFile(join(ROOT, 'Cargo.toml'), 'utf8'))?.[1] ?? '';
const HOST = /^host: (.+)$/m.exec(execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))?.[1] ?? '';

/** @type {string} */
let dist;
/** @type {string} */
let scratch;

before(async () => {
  dist = await mkdtemp(join(tmpdir(), 'amlattach-dist-'));
  scratch = await mkdtemp(join(tmpdir(), 'amlattach-unpacked-'));
  for (const what of ['cli', 'web', 'sums']) {
    execFileSync(join(ROOT, 'scripts/dist.sh'), ['--out', dist, what], { stdio: ['ignore', 'pipe', 'pipe'] });
  }
});

after(async () => {
  for (const dir of [dist, scratch]) if (dir) await rm(dir, { recursive: true, force: true });
});

test('the release has every file for this machine, each named with the version, and their sums check', async () => {
  assert.ok(VERSION !== '' && HOST !== '');
  const files = (await readdir(dist)).sort();
  assert.deepEqual(files, [
    'SHA256SUMS',
    `amlattach-${VERSION}-${HOST}.tar.gz`,
    `amlattach-${VERSION}.tgz`,
    `amlattach-extension-${VERSION}.zip`,
    `amlattach-site-${VERSION}.zip`,
  ].sort());
  const sums = await readFile(join(dist, 'SHA256SUMS'), 'utf8');
  assert.equal(sums.trim().split('\n').length, 4, sums);
  const check = spawnSync('sha256sum', ['--strict', '-c', 'SHA256SUMS'], { cwd: dist, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  // A changed file is caught.
  await writeFile(join(dist, `amlattach-site-${VERSION}.zip`), 'not the page', { flag: 'a' });
  const tampered = spawnSync('sha256sum', ['--strict', '-c', 'SHA256SUMS'], { cwd: dist, encoding: 'utf8' });
  assert.notEqual(tampered.status, 0);
  execFileSync(join(ROOT, 'scripts/dist.sh'), ['--out', dist, 'web'], { stdio: 'ignore' });
});

test('the CLI archive unpacks into its own folder and runs: --version, and a spec checked', async () => {
  const name = `amlattach-${VERSION}-${HOST}`;
  execFileSync('tar', ['-xzf', join(dist, `${name}.tar.gz`), '-C', scratch]);
  assert.deepEqual((await readdir(join(scratch, name))).sort(), ['CHANGELOG.md', 'README.md', 'amlattach']);
  const cli = join(scratch, name, 'amlattach');
  assert.equal(execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim(), `amlattach ${VERSION}`);
  const spec = join(scratch, 'compute.yml');
  const cluster = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks';
  await writeFile(spec, `name: k8s-release\ntype: kubernetes\nresource_id: ${cluster}\n`);
  const good = spawnSync(cli, ['validate', spec], { encoding: 'utf8' });
  assert.equal(good.status, 0, good.stdout + good.stderr);
  await writeFile(spec, `name: 1-bad_name\ntype: kubernetes\nresource_id: ${cluster}\n`);
  const bad = spawnSync(cli, ['validate', spec], { encoding: 'utf8' });
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout + bad.stderr, /name/);
});

test('the page from the site zip, served as it is, loads to its first verdict', async () => {
  const site = join(scratch, 'site');
  execFileSync('python3', ['-m', 'zipfile', '-e', join(dist, `amlattach-site-${VERSION}.zip`), site]);
  const server = await serve({ root: site, port: 0 });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    await page.goto(server.url);
    await page.locator('html[data-ready="true"]').waitFor();
    await page.getByLabel('Compute name').fill('1abc');
    await page.locator('#compute-name-verdict [data-code="name-first-char"]').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
