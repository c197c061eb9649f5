// The `privacy-lens` command as users and CI run it: a real child process on the fixture in
// test/fixtures/cli and on small temporary projects. Exit codes, report formats, configuration
// errors with file:line:col, the policy subcommands and the lsp entry.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { Finding } from '../../server/src/policy/types';
import { CLI, parseJsonOutput, REPO_ROOT, removeProject, runCli, tempProject } from '../support/cli-run';
import { loadSarifValidator } from '../support/sarif-schema';
import { matchSnapshot } from '../support/snapshot';
import { serverModule } from '../support/server-module';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'cli');
const POLICIES = path.join(REPO_ROOT, '..', 'shared', 'policies');

interface JsonReport {
  version: string;
  findings: Finding[];
  problems: Array<{ file: string; message: string; severity: string }>;
}

const temps: string[] = [];
function project(files: Record<string, string>): string {
  const root = tempProject(files);
  temps.push(root);
  return root;
}
after(() => temps.forEach(removeProject));

/** A project whose only finding is an e-mail address in a console.log call: a warning under the default pack. */
const LOGS_EMAIL = {
  'src/signup.ts': 'export function signup(user: { email: string; emailVerified: boolean }): void {\n  console.log("new user", user.email);\n}\n',
};

/** `// expect: a, b` markers in the fixture: file:line → rule ids. */
function expectedMarkers(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.[cm]?[jt]sx?$/.test(entry.name)) {
        fs.readFileSync(file, 'utf8')
          .split('\n')
          .forEach((text, index) => {
            const marker = /\/\/ expect: (.+)$/.exec(text);
            for (const rule of marker?.[1].split(',') ?? []) out.push(`${path.relative(root, file)}:${index + 1} ${rule.trim()}`);
          });
      }
    }
  };
  walk(root);
  return out.sort();
}

describe('privacy-lens command line', () => {
  it('prints usage for --help and the version for --version', () => {
    const help = runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /privacy-lens scan \[paths\.\.\.\]/);
    const version = runCli(['--version']);
    assert.equal(version.code, 0);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version);
  });

  it('exits 2 with usage on an unknown flag, command or option value', () => {
    for (const args of [['scan', '--bogus'], ['frobnicate'], [], ['scan', '--format', 'xml'], ['scan', '--fail-on', 'fatal'], ['policy'], ['lsp']]) {
      const result = runCli(args);
      assert.equal(result.code, 2, `privacy-lens ${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^privacy-lens: .+\n\nUsage:/, `privacy-lens ${args.join(' ')}`);
      assert.equal(result.stdout, '');
    }
    assert.match(runCli(['scan', '--bogus']).stderr, /--bogus/);
  });

  it('exits 2 when a path or the config does not exist', () => {
    const missing = runCli(['scan', 'no/such/folder']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: .*no\/such\/folder/);
    const config = runCli(['scan', FIXTURE, '--config', 'nope.yaml']);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /--config: no such file/);
    const policy = runCli(['scan', FIXTURE, '--policy', 'no-such-pack']);
    assert.equal(policy.code, 2);
    assert.match(policy.stderr, /--policy no-such-pack: /);
  });
});

describe('privacy-lens scan', () => {
  it('finds exactly the flows marked in the fixture, and exits 1', () => {
    const result = runCli(['scan', '.', '--format', 'json'], { cwd: FIXTURE });
    assert.equal(result.code, 1, result.stderr);
    const report = parseJsonOutput<JsonReport>(result);
    const found = report.findings.map((f) => `${f.location.file}:${f.location.range.start.line + 1} ${f.ruleId}`).sort();
    assert.deepEqual(found, expectedMarkers(FIXTURE));
  });

  it('writes a JSON report with a stable shape and paths relative to the scan root', () => {
    const result = runCli(['scan', FIXTURE, '--format', 'json']);
    const report = parseJsonOutput<JsonReport>(result);
    assert.deepEqual(Object.keys(report), ['version', 'findings', 'problems']);
    assert.ok(report.findings.length > 0);
    for (const finding of report.findings) {
      assert.deepEqual(Object.keys(finding).slice(0, 4), ['ruleId', 'severity', 'message', 'ruleMessage']);
      assert.match(finding.location.file, /^src\/[\w-]+\.ts$/);
      assert.ok(finding.flow.data.every((d) => d.steps.every((s) => !path.isAbsolute(s.location.file))));
      assert.match(finding.clause.url, /^https:\/\//);
      assert.ok(finding.clause.quote.length > 0);
    }
    // The same scan twice gives the same bytes.
    assert.equal(runCli(['scan', FIXTURE, '--format', 'json']).stdout, result.stdout);
  });

  it('prints the text report as reviewed', () => {
    const result = runCli(['scan'], { cwd: FIXTURE });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /\n\d+ findings \(\d+ errors?, \d+ warnings?\) in \d+ files?; \d+ files scanned\n$/);
    assert.match(result.stdout, /↳ breaks Privacy Lens default policy § Personal data stays out of logs: "/);
    assert.doesNotMatch(result.stdout, /\x1b\[/, 'no colours when not on a terminal');
    matchSnapshot('cli-scan-fixture', result.stdout);
  });

  it('writes SARIF that validates against the official schema', (t) => {
    const result = runCli(['scan', FIXTURE, '--format', 'sarif']);
    assert.equal(result.code, 1, result.stderr);
    const log = parseJsonOutput<{ runs: Array<{ results: Array<{ ruleId: string; properties: { sinkKind: string } }> }> }>(result);
    assert.ok(log.runs[0].results.some((r) => r.properties.sinkKind === 'log'));
    assert.ok(log.runs[0].results.some((r) => r.properties.sinkKind === 'transfer'));
    const validator = loadSarifValidator();
    if (!validator) {
      t.skip('SARIF schema not installed: add the devDependency @microsoft/jest-sarif');
      return;
    }
    assert.deepEqual(validator.validate(log), []);
  });

  it('exits 0 when nothing reaches the failing severity', () => {
    const clean = project({ 'src/ok.ts': 'export function total(orderCount: number, customerId: string): void {\n  console.log(customerId, orderCount);\n}\n' });
    const result = runCli(['scan', clean]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^0 findings \(0 errors, 0 warnings\) in 0 files; 1 file scanned\n$/);

    const warnings = project(LOGS_EMAIL);
    assert.equal(runCli(['scan', warnings]).code, 1, 'the default failing severity is warning');
    assert.equal(runCli(['scan', warnings, '--fail-on', 'error']).code, 0);
    fs.writeFileSync(path.join(warnings, 'privacy-lens.yaml'), 'failOn: error\n');
    assert.equal(runCli(['scan', warnings]).code, 0, 'config failOn');
    assert.equal(runCli(['scan', warnings, '--fail-on', 'warning']).code, 1, '--fail-on wins over the config');
  });

  it('analyses the JavaScript and TypeScript files of a folder without tsconfig, skipping node_modules', () => {
    const line = 'function signup(user) {\n  console.log(user.email);\n}\n';
    const root = project({
      'src/a.js': line,
      'src/b.mjs': line,
      'src/c.tsx': line,
      'src/d.cjs': line,
      'node_modules/dep/index.js': line,
      'notes.txt': line,
    });
    const report = parseJsonOutput<JsonReport>(runCli(['scan', root, '--format', 'json']));
    assert.deepEqual([...new Set(report.findings.map((f) => f.location.file))].sort(), ['src/a.js', 'src/b.mjs', 'src/c.tsx', 'src/d.cjs']);
  });

  it('reports an unparsable file as a problem on stderr and goes on', () => {
    const root = project({ ...LOGS_EMAIL, 'src/broken.ts': 'export const = ;\nfunction (\n' });
    const result = runCli(['scan', root, '--format', 'json'], { cwd: root });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^src\/broken\.ts:\d+:\d+: warning: /m);
    assert.doesNotMatch(result.stderr, /internal error/);
    const report = parseJsonOutput<JsonReport>(result);
    assert.ok(report.findings.some((f) => f.location.file === 'src/signup.ts'));
    assert.ok(report.problems.some((p) => p.file === 'src/broken.ts'));
  });

  it('warns where a @pii tag names no category of the taxonomy, with the category meant, and goes on', () => {
    const root = project({
      ...LOGS_EMAIL,
      'src/visit.ts':
        'interface Visit {\n  /** @pii user.health */\n  notes: string;\n  /** @pii user.contact.emial and more prose */\n  label: string;\n  /** @pii none */\n  desk: string;\n}\n' +
        'export const show = (v: Visit) => console.log(v.notes);\n',
    });
    const result = runCli(['scan', root, '--format', 'json'], { cwd: root });
    assert.equal(result.code, 1, result.stderr);
    const tagWarnings = result.stderr.split('\n').filter((l) => l.includes('@pii'));
    assert.deepEqual(tagWarnings, [
      "src/visit.ts:2:12: warning: @pii names an unknown category 'user.health' (not in rules/taxonomy.yaml); did you mean 'user.health_and_medical'?",
      "src/visit.ts:4:12: warning: @pii names an unknown category 'user.contact.emial' (not in rules/taxonomy.yaml); did you mean 'user.contact.email'?",
    ]);
    assert.ok(parseJsonOutput<JsonReport>(result).findings.some((f) => f.location.file === 'src/signup.ts'));
  });

  it('scans a sub-folder with the tsconfig around it, so its path aliases resolve', () => {
    const root = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } }, include: ['lib/**/*.ts', 'app/**/*.ts'] }),
      'lib/log.ts': 'import pino from "pino";\nexport const log = pino();\n',
      'app/api/signup.ts': 'import { log } from "@/lib/log";\nexport function signup(user: { email: string }) {\n  log.info(user.email);\n}\n',
      'scripts/seed.ts': 'export function seed(user: { email: string }) {\n  console.log(user.email);\n}\n',
    });
    const report = parseJsonOutput<JsonReport>(runCli(['scan', 'app/api', '--format', 'json'], { cwd: root }));
    assert.deepEqual(report.findings.map((f) => `${f.location.file}:${f.location.range.start.line + 1}`), ['signup.ts:3']);
    // A folder and a file the tsconfig does not include are scanned on their own, not dropped.
    const outside = parseJsonOutput<JsonReport>(runCli(['scan', 'scripts', '--format', 'json'], { cwd: root }));
    assert.deepEqual(outside.findings.map((f) => f.location.file), ['seed.ts']);
    const named = parseJsonOutput<JsonReport>(runCli(['scan', 'scripts/seed.ts', '--format', 'json'], { cwd: root }));
    assert.deepEqual(named.findings.map((f) => f.location.file), ['seed.ts']);
  });

  it('never borrows a tsconfig from outside the repository, nor a solution-style one that lists no files', () => {
    const emailLog = 'export function f(user: { email: string }) {\n  console.log(user.email);\n}\n';
    const root = project({
      // The outer project's tsconfig would take everything below it, the nested checkout included.
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src/**/*.ts'] }),
      'src/own.ts': emailLog,
      'vendor/checkout/.git/HEAD': 'ref: refs/heads/main\n',
      'vendor/checkout/lib/a.ts': emailLog,
      // A monorepo root with only references: a sub-folder is scanned on its own.
      'mono/.git/HEAD': 'ref: refs/heads/main\n',
      'mono/tsconfig.json': JSON.stringify({ files: [], references: [{ path: './apps/web' }] }),
      'mono/scripts/seed.ts': emailLog,
      'mono/other/big.ts': emailLog,
    });
    const nested = parseJsonOutput<JsonReport>(runCli(['scan', 'vendor/checkout', '--format', 'json'], { cwd: root }));
    assert.deepEqual(nested.findings.map((f) => f.location.file), ['lib/a.ts']);
    const scripts = runCli(['scan', 'mono/scripts', '--format', 'json'], { cwd: root });
    assert.deepEqual(parseJsonOutput<JsonReport>(scripts).findings.map((f) => f.location.file), ['seed.ts']);
    assert.doesNotMatch(scripts.stderr, /big\.ts/);
    // Which project each folder is opened as: only a tsconfig that governs it, never one above a checkout.
    const { targetsOf } = serverModule<typeof import('../../server/src/cli/scan')>('cli/scan');
    const at = (p: string) => path.join(root, p);
    assert.deepEqual(targetsOf([at('vendor/checkout')]), [{ root: at('vendor/checkout') }]);
    assert.deepEqual(targetsOf([at('mono/scripts')]), [{ root: at('mono/scripts') }]);
    assert.deepEqual(targetsOf([at('src')]), [{ root: root, tsconfig: at('tsconfig.json'), under: at('src') }]);
  });

  it('scans only the files named, with their imports resolved through the project around them', () => {
    const result = runCli(['scan', 'src/billing.ts', '--format', 'json'], { cwd: FIXTURE });
    const report = parseJsonOutput<JsonReport>(result);
    const found = report.findings.map((f) => `src/${f.location.file}:${f.location.range.start.line + 1} ${f.ruleId}`).sort();
    assert.deepEqual(found, expectedMarkers(FIXTURE).filter((marker) => marker.startsWith('src/billing.ts:')));
  });

  it('writes the report to --output and nothing to stdout', () => {
    const root = project(LOGS_EMAIL);
    const result = runCli(['scan', '.', '--format', 'json', '--output', 'reports/privacy.json'], { cwd: root });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const report = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'privacy.json'), 'utf8')) as JsonReport;
    assert.equal(report.findings[0].location.file, 'src/signup.ts');
  });

  it('applies the packs named with --policy instead of the default', () => {
    const root = project(LOGS_EMAIL);
    const result = runCli(['scan', root, '--format', 'json', '--policy', path.join(REPO_ROOT, 'rules', 'policies', 'default.yaml')]);
    assert.ok(parseJsonOutput<JsonReport>(result).findings.every((f) => f.ruleId.startsWith('default/')));
    const bundled = runCli(['scan', root, '--format', 'json', '--policy', 'default']);
    assert.equal(bundled.code, result.code);
  });
});

describe('configuration errors', () => {
  it('exits 2 with file:line:col for an unknown category in privacy-lens.yaml', () => {
    const root = project({ ...LOGS_EMAIL, 'privacy-lens.yaml': 'homeRegions: [US]\nsources:\n  - name: contact\n    category: user.contact.emial\n' });
    const result = runCli(['scan', '.'], { cwd: root });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^privacy-lens\.yaml:4:\d+: .*user\.contact\.emial/m);
    assert.equal(result.stdout, '', 'no report when the configuration is broken');
  });

  it('exits 2 with file:line:col for a YAML syntax error', () => {
    const root = project({ ...LOGS_EMAIL, 'privacy-lens.yaml': 'homeRegions: [US\nexclude:\n  - "dist/**\n' });
    const result = runCli(['scan', root]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /privacy-lens\.yaml:\d+:\d+: /);
  });
});

describe('privacy-lens policy', () => {
  it('check: ok with counts for a good pack', () => {
    const file = path.join(REPO_ROOT, 'rules', 'policies', 'default.yaml');
    const pack = parseYaml(fs.readFileSync(file, 'utf8')) as { clauses: unknown[]; rules: unknown[] };
    const result = runCli(['policy', 'check', file]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, `ok: ${pack.clauses.length} clauses, ${pack.rules.length} rules\n`);
  });

  it('check: exits 2 with file:line:col for a rule citing a missing clause', () => {
    const root = project({
      'pack.yaml': [
        'policy: { id: acme, company: Acme, title: Acme privacy policy, url: "https://acme.example/privacy", version: "2024-01-01" }',
        'clauses:',
        '  - { id: logs, title: Logs, quote: "We never log it.", url: "https://acme.example/privacy#logs" }',
        'rules:',
        '  - id: no-logs',
        '    clause: logging',
        '    severity: error',
        '    message: Personal data is never logged.',
        '    when: { sinkKinds: [log] }',
        '',
      ].join('\n'),
    });
    const result = runCli(['policy', 'check', 'pack.yaml'], { cwd: root });
    assert.equal(result.code, 2);
    assert.match(result.stdout, /^pack\.yaml:6:\d+: .*logging/m);
  });

  it('draft: prints a pack for review and a summary', (t) => {
    const text = path.join(POLICIES, 'sonarcx.txt');
    if (!fs.existsSync(text)) {
      t.skip(`${text} is not there (../shared beside the checkout)`);
      return;
    }
    const result = runCli(['policy', 'draft', text]);
    assert.equal(result.code, 0, result.stderr);
    const pack = parseYaml(result.stdout) as { policy: unknown; clauses: unknown[]; rules: unknown[] };
    assert.ok(pack.clauses.length > 0 && pack.rules.length > 0);
    assert.match(result.stderr, new RegExp(`^drafted ${pack.clauses.length} clauses and ${pack.rules.length} rules`));

    const root = project({});
    const written = runCli(['policy', 'draft', text, '--output', 'packs/sonarcx.yaml'], { cwd: root });
    assert.equal(written.code, 0);
    assert.equal(written.stdout, '');
    assert.equal(fs.readFileSync(path.join(root, 'packs', 'sonarcx.yaml'), 'utf8'), result.stdout);
  });
});

describe('privacy-lens lsp --stdio', () => {
  it('answers initialize over stdio', async () => {
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: FIXTURE, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: `file://${FIXTURE}`, capabilities: {} } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const response = await new Promise<{ id: number; result?: { capabilities: object } }>((resolve, reject) => {
        let buffer = '';
        const timer = setTimeout(() => reject(new Error(`no initialize response; stderr: ${stderr}`)), 30_000);
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          // Skip notifications (logs, progress) until the response to request 1 arrives.
          for (let match = /Content-Length: (\d+)\r\n\r\n/.exec(buffer); match; match = /Content-Length: (\d+)\r\n\r\n/.exec(buffer)) {
            const start = match.index + match[0].length;
            const length = Number(match[1]);
            if (Buffer.byteLength(buffer.slice(start)) < length) return;
            const message = JSON.parse(Buffer.from(buffer.slice(start)).subarray(0, length).toString()) as { id?: number; result?: { capabilities: object } };
            buffer = Buffer.from(buffer.slice(start)).subarray(length).toString();
            if (message.id === 1) {
              clearTimeout(timer);
              resolve(message as { id: number; result?: { capabilities: object } });
              return;
            }
          }
        });
        child.on('exit', (code) => reject(new Error(`server exited with ${code}; stderr: ${stderr}`)));
      });
      assert.ok(response.result?.capabilities, 'initialize returns the server capabilities');
    } finally {
      child.kill();
    }
  });
});
