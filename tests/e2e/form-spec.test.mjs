// @ts-check
/**
 * The page's form model without a browser: the spec and context objects built from field
 * values, and which field a diagnostic path lands on.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildContext, buildSpec, fieldPathFor, isMissingValue, parentPath } from '../../www/form-spec.js';

test('a v2 spec holds only the fields that are filled in', () => {
  const spec = buildSpec('v2', [
    ['name', 'myaks'],
    ['resource_id', '/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c'],
    ['namespace', ''],
    ['description', '   '],
    ['identity.type', 'user_assigned'],
    ['identity.user_assigned_identities', ' /a/one \n\n/b/two\n'],
    ['context.workspace.name', 'ws'],
  ]);
  assert.deepEqual(spec, {
    type: 'kubernetes',
    name: 'myaks',
    resource_id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c',
    identity: { type: 'user_assigned', user_assigned_identities: [{ resource_id: '/a/one' }, { resource_id: '/b/two' }] },
  });
});

test('an empty identity leaves the identity out', () => {
  assert.deepEqual(
    buildSpec('v2', [
      ['identity.type', ''],
      ['identity.user_assigned_identities', '\n'],
    ]),
    { type: 'kubernetes' },
  );
});

test('v1 specs carry type and action, numbers, booleans and nested groups', () => {
  assert.deepEqual(
    buildSpec('v1-create', [
      ['name', 'aks1'],
      ['agent_count', '2'],
      ['vm_size', 'Standard_D3_v2'],
      ['ssl.leaf_domain_label', 'contoso'],
      ['ssl.overwrite_existing_domain', true],
      ['vnet.service_cidr', '10.0.0.0/16'],
      ['vnet.dns_service_ip', '10.0.0.10'],
    ]),
    {
      type: 'aks',
      action: 'create',
      name: 'aks1',
      agent_count: 2,
      vm_size: 'Standard_D3_v2',
      ssl: { leaf_domain_label: 'contoso', overwrite_existing_domain: true },
      vnet: { service_cidr: '10.0.0.0/16', dns_service_ip: '10.0.0.10' },
    },
  );
  assert.deepEqual(
    buildSpec('v1-attach', [
      ['resource_group', 'rg'],
      ['cluster_name', 'c'],
      ['ssl.overwrite_existing_domain', false],
      ['agent_count', 'three'],
    ]),
    { type: 'aks', action: 'attach', resource_group: 'rg', cluster_name: 'c', agent_count: 'three' },
  );
});

test('the context comes from the context fields and is null when they are empty', () => {
  assert.equal(buildContext([['context.workspace.name', ''], ['name', 'x']]), null);
  assert.deepEqual(
    buildContext([
      ['context.workspace.subscription_id', '00000000-0000-0000-0000-000000000000'],
      ['context.workspace.location', 'westeurope'],
      ['name', 'x'],
    ]),
    { workspace: { subscription_id: '00000000-0000-0000-0000-000000000000', location: 'westeurope' } },
  );
});

test('a diagnostic lands on its own field or on its nearest ancestor with one', () => {
  const fields = new Set(['name', 'identity', 'identity.user_assigned_identities', 'vnet', 'vnet.service_cidr']);
  assert.equal(fieldPathFor('name', fields), 'name');
  assert.equal(fieldPathFor('identity.user_assigned_identities[0].resource_id', fields), 'identity.user_assigned_identities');
  assert.equal(fieldPathFor('identity.type', fields), 'identity');
  assert.equal(fieldPathFor('vnet.subnet', fields), 'vnet');
  assert.equal(fieldPathFor('tags', fields), null);
  assert.equal(fieldPathFor('', fields), null);
  assert.equal(parentPath('a.b[12].c'), 'a.b[12]');
  assert.equal(parentPath('a.b[12]'), 'a.b');
  assert.equal(parentPath('a'), '');
});

test('only "required" codes wait for the user', () => {
  assert.equal(isMissingValue({ code: 'required' }), true);
  assert.equal(isMissingValue({ code: 'name-required' }), true);
  assert.equal(isMissingValue({ code: 'resource-id-required' }), true);
  assert.equal(isMissingValue({ code: 'name-too-short' }), false);
});
