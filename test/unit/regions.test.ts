// Region lookups over the shipped rules/regions.yaml (cloud regional endpoints, groups), the vendors'
// hosts of the sink catalogue and a project's own host map, and the host part of URLs.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { serverModule } from '../support/server-module';

const { createRegionResolver, hostOfUrl, vendorHosts, mostSpecificFirst } = serverModule<typeof import('../../server/src/analysis/regions')>('analysis/regions');
const { loadCatalogue, defaultRulesDir } = serverModule<typeof import('../../server/src/policy/catalogue')>('policy/catalogue');

const { catalogue } = loadCatalogue(defaultRulesDir());
const resolver = createRegionResolver(catalogue.regions);

test('cloud regional endpoints map to their countries', () => {
  const cases: Array<[string, string | undefined]> = [
    ['s3.ap-south-1.amazonaws.com', 'IN'],
    ['my-bucket.s3.ap-south-1.amazonaws.com', 'IN'],
    ['abc123.execute-api.eu-west-1.amazonaws.com', 'IE'],
    ['dynamodb.eu-central-1.amazonaws.com', 'DE'],
    ['sqs.us-east-1.amazonaws.com', 'US'],
    ['x.ap-southeast-2.amazonaws.com', 'AU'],
    ['x.ca-central-1.amazonaws.com', 'CA'],
    ['x.sa-east-1.amazonaws.com', 'BR'],
    ['x.eu-west-2.amazonaws.com', 'GB'],
    ['x.ap-northeast-1.amazonaws.com', 'JP'],
    ['x.me-central-1.amazonaws.com', 'AE'],
    ['x.af-south-1.amazonaws.com', 'ZA'],
    ['s3-eu-west-1.amazonaws.com', 'IE'],
    ['abc.lambda-url.eu-north-1.on.aws', 'SE'],
    ['x.cn-north-1.amazonaws.com.cn', 'CN'],
    ['europe-west1-aiplatform.googleapis.com', 'BE'],
    ['europe-west3-run.googleapis.com', 'DE'],
    ['us-central1-aiplatform.googleapis.com', 'US'],
    ['asia-south1-myproject.cloudfunctions.net', 'IN'],
    ['svc-123456.europe-west10.run.app', 'DE'],
    ['europe-west1-docker.pkg.dev', 'BE'],
    ['myvm.westeurope.cloudapp.azure.com', 'NL'],
    ['app.northeurope.azurecontainer.io', 'IE'],
    ['centralindia.api.cognitive.microsoft.com', 'IN'],
    ['uksouth.stt.speech.microsoft.com', 'GB'],
    ['S3.AP-SOUTH-1.AMAZONAWS.COM', 'IN'],
    ['s3.ap-south-1.amazonaws.com:443', 'IN'],
    ['s3.ap-south-1.amazonaws.com.', 'IN'],
    ['api.example.com', undefined],
    ['example.in', undefined],
    ['europe-west10-x.googleapis.com', 'DE'],
    ['amazonaws.com', undefined],
    ['', undefined],
  ];
  for (const [host, region] of cases) assert.equal(resolver.regionOf(host), region, host);
});

test('groups cover their members, nested groups and themselves', () => {
  assert.equal(resolver.covers('EU', 'DE'), true);
  assert.equal(resolver.covers('EU', resolver.regionOf('x.eu-central-1.amazonaws.com')!), true);
  assert.equal(resolver.covers('EU', 'IE'), true);
  assert.equal(resolver.covers('EU', 'GB'), false);
  assert.equal(resolver.covers('EU', 'NO'), false);
  assert.equal(resolver.covers('EEA', 'NO'), true);
  assert.equal(resolver.covers('EEA', 'FR'), true, 'EEA names EU as a member');
  assert.equal(resolver.covers('EEA', 'EU'), true, 'a group covers a group all of whose members it has');
  assert.equal(resolver.covers('EU', 'EEA'), false);
  assert.equal(resolver.covers('DE', 'EU'), false);
  assert.equal(resolver.covers('US', 'US'), true);
  assert.equal(resolver.covers('us', 'US'), true);
  assert.equal(resolver.covers('eu', 'de'), true);
  assert.equal(resolver.covers('US', 'IN'), false);
  assert.equal(resolver.covers('EEA_OR_ADEQUATE', 'GB'), true);
  assert.equal(resolver.covers('EEA_OR_ADEQUATE', 'US'), false);
  assert.equal(resolver.covers('UK', 'GB'), true);
  assert.equal(resolver.covers('NOPE', 'DE'), false);
  assert.equal(catalogue.regions.groups.EU.length, 27);
});

test("the project's host map is checked first and wins", () => {
  const withConfig = createRegionResolver(catalogue.regions, [
    { host: '*.amazonaws.com', region: 'US' },
    { host: 'api.partner.in', region: 'IN' },
    { host: '*.crm.example.com', region: 'DE' },
  ]);
  assert.equal(withConfig.regionOf('s3.ap-south-1.amazonaws.com'), 'US');
  assert.equal(withConfig.regionOf('api.partner.in'), 'IN');
  assert.equal(withConfig.regionOf('eu.crm.example.com'), 'DE');
  assert.equal(withConfig.regionOf('crm.example.com'), undefined, '*. needs a subdomain');
  assert.equal(withConfig.regionOf('europe-west1-aiplatform.googleapis.com'), 'BE', 'the catalogue still answers the rest');
});

test("vendors' hosts from the sink catalogue answer after the region catalogue, and the project's map still wins", () => {
  const vendors = vendorHosts(catalogue.sinks);
  const withVendors = createRegionResolver(catalogue.regions, undefined, vendors);
  assert.equal(resolver.regionOf('api.eu.intercom.io'), undefined, 'rules/regions.yaml alone does not know it');
  assert.equal(withVendors.regionOf('api.eu.intercom.io'), 'EU');
  assert.equal(withVendors.regionOf('api.intercom.io'), 'US');
  assert.equal(withVendors.regionOf('api-eu1.hubapi.com'), 'EU');
  assert.equal(withVendors.regionOf('api.hsforms.com'), 'US');
  assert.equal(withVendors.regionOf('api-eu1.hsforms.com'), 'EU');
  assert.equal(withVendors.regionOf('o1.ingest.de.sentry.io'), 'DE');
  assert.equal(withVendors.regionOf('ap1.datadoghq.com'), 'JP', 'an exact host beats a broad glob listed before it');
  assert.equal(withVendors.regionOf('x.ap1.datadoghq.com'), 'JP');
  assert.equal(withVendors.regionOf('app.datadoghq.com'), 'US');
  assert.equal(withVendors.regionOf('api.intercom.io.evil.example'), undefined, 'a vendor name inside another host is not the vendor');
  assert.equal(withVendors.regionOf('dynamodb.eu-central-1.amazonaws.com'), 'DE', 'the region catalogue still answers');
  const mapped = createRegionResolver(catalogue.regions, [{ host: 'api.eu.intercom.io', region: 'IE' }], vendors);
  assert.equal(mapped.regionOf('api.eu.intercom.io'), 'IE');
  // Each host once, however many specs share it (the Sentry hosts are on five specs).
  assert.equal(vendors.filter((h) => h.host === '*.ingest.de.sentry.io').length, 1);
});

test('mostSpecificFirst puts exact hosts first, then globs by how much they pin, else keeps the order', () => {
  const ordered = mostSpecificFirst([
    { host: '*.datadoghq.com' },
    { host: 'datadoghq.com' },
    { host: '*.ap1.datadoghq.com' },
    { host: 'ap1.datadoghq.com' },
    { host: '*.b.com' },
    { host: '*.a.com' },
  ]).map((h) => h.host);
  assert.deepEqual(ordered, ['datadoghq.com', 'ap1.datadoghq.com', '*.ap1.datadoghq.com', '*.datadoghq.com', '*.b.com', '*.a.com']);
});

test('group cycles are cut, not followed', () => {
  const r = createRegionResolver({ groups: { A: ['B', 'FR'], B: ['A', 'DE'] }, hosts: [] });
  assert.equal(r.covers('A', 'DE'), true);
  assert.equal(r.covers('B', 'FR'), true);
  assert.equal(r.covers('A', 'IT'), false);
});

test('hostOfUrl takes the host out of absolute, protocol-relative and bare URLs', () => {
  const cases: Array<[string, { host: string; scheme?: string } | undefined]> = [
    ['https://api.x.com/v1', { host: 'api.x.com', scheme: 'https' }],
    ['http://api.x.com', { host: 'api.x.com', scheme: 'http' }],
    ['HTTPS://API.X.COM:8443/a?b=c#d', { host: 'api.x.com', scheme: 'https' }],
    ['https://key@o123.ingest.de.sentry.io/456', { host: 'o123.ingest.de.sentry.io', scheme: 'https' }],
    ['https://user:pw@x.com/', { host: 'x.com', scheme: 'https' }],
    ['//x.com/path', { host: 'x.com' }],
    ['api.x.com', { host: 'api.x.com' }],
    ['api.x.com/v1/items', { host: 'api.x.com' }],
    ['api.x.com:8443', { host: 'api.x.com' }],
    ['localhost:3000/x', { host: 'localhost' }],
    ['http://[::1]:8080/', { host: '::1', scheme: 'http' }],
    ['http://10.0.0.1/x', { host: '10.0.0.1', scheme: 'http' }],
    ['  https://x.com  ', { host: 'x.com', scheme: 'https' }],
    ['/path', undefined],
    ['./x', undefined],
    ['?q=1', undefined],
    ['', undefined],
    ['users', undefined],
    ['mailto:someone@x.com', undefined],
    ['data:text/plain,hi', undefined],
    ['https://${host}/x', undefined],
    ['https://', undefined],
    ['https://x.com:abc/', undefined],
  ];
  for (const [url, expected] of cases) assert.deepEqual(hostOfUrl(url), expected, url);
});
