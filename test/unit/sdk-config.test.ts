// Hosts an SDK is configured with by an init() call (SinkSpec.configuredBy), through the sink
// recogniser on a real program: the call's own file first, then — when the recogniser is given the
// project's files — the whole project; disagreeing or non-constant configurations leave the host
// unknown instead of falling back to the vendor's default.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { serverModule } from '../support/server-module';

const { SinkRecogniser } = serverModule<typeof import('../../server/src/analysis/sinks')>('analysis/sinks');
const { OriginResolver } = serverModule<typeof import('../../server/src/analysis/origins')>('analysis/origins');
const { ConstantEvaluator } = serverModule<typeof import('../../server/src/analysis/constants')>('analysis/constants');
const { collectNames } = serverModule<typeof import('../../server/src/analysis/tagged-names')>('analysis/tagged-names');
const { loadCatalogue, defaultRulesDir } = serverModule<typeof import('../../server/src/policy/catalogue')>('policy/catalogue');

const { catalogue } = loadCatalogue(defaultRulesDir());

interface Setup {
  destinationOf(file: string, calleeText: string): { host?: string; region?: string; hostLiteral?: unknown } | undefined;
}

/** Writes the files, opens them as one program and returns the destination of a named call. */
function withProject(files: Record<string, string>, listFiles: boolean, run: (s: Setup) => void): void {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-sdk-config-')));
  try {
    const names = Object.keys(files).map((f) => path.join(dir, f));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
    const program = ts.createProgram(names, { noResolve: true, types: [], allowJs: true });
    const checker = () => program.getTypeChecker();
    const isProjectFile = (f: string) => path.resolve(f).startsWith(dir);
    const origins = new OriginResolver(checker, isProjectFile, () => collectNames(program, names));
    const projectFiles = listFiles ? () => names.map((n) => program.getSourceFile(n)!) : undefined;
    const sinks = new SinkRecogniser(catalogue, origins, new ConstantEvaluator(checker), projectFiles);
    run({
      destinationOf(file, calleeText) {
        const sf = program.getSourceFile(path.join(dir, file))!;
        let found: ts.CallExpression | undefined;
        const visit = (n: ts.Node): void => {
          if (!found && ts.isCallExpression(n) && n.expression.getText(sf) === calleeText) found = n;
          ts.forEachChild(n, visit);
        };
        visit(sf);
        assert.ok(found, `${calleeText} in ${file}`);
        const match = sinks.sink(found);
        return match && sinks.destination(found, match);
      },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const INSTRUMENT = "import * as Sentry from '@sentry/browser';\nSentry.init({ dsn: 'https://k@o1.ingest.de.sentry.io/1' });\n";
const USE = "import * as Sentry from '@sentry/browser';\nexport function f(email: string) { Sentry.captureMessage(email); }\n";

test('an init() in another file configures the SDK when the project lists its files', () => {
  withProject({ 'instrument.ts': INSTRUMENT, 'use.ts': USE }, true, (p) => {
    const dest = p.destinationOf('use.ts', 'Sentry.captureMessage');
    assert.equal(dest?.host, 'o1.ingest.de.sentry.io');
    assert.equal(dest?.region, 'DE');
    assert.equal(dest?.hostLiteral, undefined, 'a fix cannot edit the literal of another file from the flow');
  });
  withProject({ 'instrument.ts': INSTRUMENT, 'use.ts': USE }, false, (p) => {
    assert.equal(p.destinationOf('use.ts', 'Sentry.captureMessage')?.host, undefined, 'without the file list only the own file counts');
  });
});

test("the call's own file wins; elsewhere, disagreeing init() calls leave the host unknown", () => {
  const us = "import * as Sentry from '@sentry/browser';\nSentry.init({ dsn: 'https://k@o1.ingest.us.sentry.io/1' });\nexport function g(email: string) { Sentry.setUser({ email }); }\n";
  withProject({ 'instrument.ts': INSTRUMENT, 'us.ts': us, 'use.ts': USE }, true, (p) => {
    assert.equal(p.destinationOf('us.ts', 'Sentry.setUser')?.region, 'US');
    const dest = p.destinationOf('use.ts', 'Sentry.captureMessage');
    assert.ok(dest, 'still a Sentry sink');
    assert.equal(dest.host, undefined);
    assert.equal(dest.region, undefined);
  });
  // Another SDK's init() configures nothing here.
  const other = "import * as Sentry from '@sentry/node';\nSentry.init({ dsn: 'https://k@o1.ingest.us.sentry.io/1' });\n";
  withProject({ 'instrument.ts': INSTRUMENT, 'other.ts': other, 'use.ts': USE }, true, (p) => {
    assert.equal(p.destinationOf('use.ts', 'Sentry.captureMessage')?.region, 'DE');
  });
});

test('a host configured from something not constant is unknown, not the default; no host option keeps the default', () => {
  const dynamic = "import * as amplitude from '@amplitude/analytics-node';\namplitude.init('k', { serverUrl: process.env.AMPLITUDE_URL });\nexport function t(email: string) { amplitude.track('x', { email }); }\n";
  withProject({ 'a.ts': dynamic }, true, (p) => {
    const dest = p.destinationOf('a.ts', 'amplitude.track');
    assert.ok(dest);
    assert.equal(dest.host, undefined);
  });
  const plain = "import * as amplitude from '@amplitude/analytics-node';\namplitude.init('k', { flushIntervalMillis: 100 });\nexport function t(email: string) { amplitude.track('x', { email }); }\n";
  withProject({ 'a.ts': plain }, true, (p) => {
    const dest = p.destinationOf('a.ts', 'amplitude.track');
    assert.equal(dest?.host, 'api2.amplitude.com');
    assert.equal(dest?.region, 'US');
  });
  const constant = "import * as amplitude from '@amplitude/analytics-node';\nconst EU = 'https://api.eu.amplitude.com/2/httpapi';\nconst options = { serverUrl: EU };\namplitude.init('k', options);\nexport function t(email: string) { amplitude.track('x', { email }); }\n";
  withProject({ 'a.ts': constant }, true, (p) => {
    const dest = p.destinationOf('a.ts', 'amplitude.track');
    assert.equal(dest?.region, 'EU');
    assert.ok(dest?.hostLiteral, 'the literal is in the flow file: a fix may switch it');
  });
});
