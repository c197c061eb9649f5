// Fixes for a flow, as plain text edits: wrap the value in the project's sanitiser (adding its
// import), drop the personal field from an object literal, switch to an in-region host the vendor
// offers, tag a name-classified declaration `@pii <category>` or `@pii none`, or suppress with a
// comment that must be given a reason.

import ts = require('typescript');
import type { FixOptions } from './api';
import type { EngineContext } from './context';
import type { Fix, Flow, Range, TextEdit } from './types';
import type { SinkRecogniser } from './sinks';
import { probe, nodeAt } from './probe';
import { flatten } from './taint';
import { rangeOf } from './locations';

export function computeFixes(ctx: EngineContext, sf: ts.SourceFile, flow: Flow, options: FixOptions, sinks: SinkRecogniser): Fix[] {
  const fixes: Fix[] = [];
  const file = sf.fileName;
  const sanitiser = options.sanitiser ?? 'redact';

  const wrapEdits: TextEdit[] = flow.arguments.map((arg) => ({ file, range: arg.range, newText: `${sanitiser}(${textAt(sf, arg.range)})` }));
  if (wrapEdits.length) {
    const importEdit = options.sanitiserImport ? addImport(sf, sanitiser, options.sanitiserImport) : undefined;
    fixes.push({
      title: `Wrap ${flow.arguments.map((a) => `'${a.text}'`).join(', ')} in ${sanitiser}()`,
      safe: false,
      isPreferred: flow.destination.sinkKind !== 'transfer',
      edits: importEdit ? [...wrapEdits, importEdit] : wrapEdits,
    });
  }

  for (const arg of flow.arguments) {
    const node = expressionAt(sf, arg.range);
    if (!node || !ts.isObjectLiteralExpression(node)) continue;
    const props = node.properties.filter((p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment => ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p));
    const values = props.map((p) => (ts.isPropertyAssignment(p) ? p.initializer : p.name));
    const taints = probe(ctx, values);
    props.forEach((p, i) => {
      const labels = flatten(taints.get(values[i]) ?? { labels: [] }).filter((l) => l.param === undefined && !l.derivedBy);
      const byName = flow.data.some((d) => d.reason.location && d.reason.kind !== 'tag' && textAt(sf, d.reason.location.range).startsWith(p.name.getText(sf)));
      if (!labels.length && !byName) return;
      fixes.push({ title: `Remove the personal field '${p.name.getText(sf)}' from the object`, safe: false, edits: [{ file, range: removalRange(sf, p), newText: '' }] });
    });
  }

  if (options.homeRegions?.length && flow.destination.vendor) {
    const call = callAt(sf, flow);
    const match = call && sinks.sink(call);
    const dest = call && match ? sinks.destination(call, match) : undefined;
    const literal = dest?.hostLiteral;
    const host = dest?.host;
    if (literal && host && match?.spec.hosts) {
      const target = Object.entries(match.spec.hosts).find(([h, region]) => !h.includes('*') && options.homeRegions!.some((home) => sinks.covers(home, region)));
      const text = literal.getText(sf);
      if (target && text.includes(host)) {
        fixes.push({
          title: `Send to ${target[0]} (${target[1]}) instead of ${host}`,
          safe: false,
          isPreferred: true,
          edits: [{ file, range: rangeOf(literal, sf), newText: text.replace(host, target[0]) }],
        });
      }
    }
  }

  const tagged = new Set<string>();
  for (const d of flow.data) {
    const loc = d.reason.location;
    if (d.reason.kind !== 'name' || !loc || loc.file !== file && !ctx.isProjectFile(loc.file)) continue;
    const key = `${loc.file}:${loc.range.start.line}`;
    if (tagged.has(key)) continue;
    tagged.add(key);
    const declSf = loc.file === file ? sf : ctx.sourceFile(loc.file);
    const indent = declSf ? indentation(declSf, loc.range.start.line) : '';
    const at = { line: loc.range.start.line, character: 0 };
    const name = declSf ? textAt(declSf, loc.range).split(/[\s:?(=]/)[0] : 'the declaration';
    fixes.push({ title: `Tag '${name}' as @pii ${d.category}`, safe: true, edits: [{ file: loc.file, range: { start: at, end: at }, newText: `${indent}/** @pii ${d.category} */\n` }] });
    fixes.push({ title: `Mark '${name}' as not personal data (@pii none)`, safe: true, edits: [{ file: loc.file, range: { start: at, end: at }, newText: `${indent}/** @pii none */\n` }] });
  }

  const line = flow.location.range.start.line;
  const at = { line, character: 0 };
  fixes.push({
    title: `Suppress this finding (with a reason) with a privacy-lens-ignore comment`,
    safe: true,
    edits: [{ file, range: { start: at, end: at }, newText: `${indentation(sf, line)}// privacy-lens-ignore ${options.ruleId ?? '*'}: \n` }],
  });
  return fixes;
}

function textAt(sf: ts.SourceFile, r: Range): string {
  const start = sf.getPositionOfLineAndCharacter(r.start.line, r.start.character);
  const end = sf.getPositionOfLineAndCharacter(r.end.line, r.end.character);
  return sf.text.slice(start, end);
}

function indentation(sf: ts.SourceFile, line: number): string {
  const start = sf.getLineStarts()[line] ?? 0;
  return /^[ \t]*/.exec(sf.text.slice(start))![0];
}

function expressionAt(sf: ts.SourceFile, r: Range): ts.Expression | undefined {
  const start = sf.getPositionOfLineAndCharacter(r.start.line, r.start.character);
  let n = nodeAt(sf, start);
  while (n && !(ts.isExpression(n) && n.getStart(sf) === start)) n = n.parent;
  while (n && n.parent && ts.isExpression(n.parent) && n.parent.getStart(sf) === start && n.parent.getEnd() <= sf.getPositionOfLineAndCharacter(r.end.line, r.end.character)) n = n.parent;
  return n as ts.Expression | undefined;
}

function callAt(sf: ts.SourceFile, flow: Flow): ts.CallExpression | ts.NewExpression | undefined {
  const start = sf.getPositionOfLineAndCharacter(flow.location.range.start.line, flow.location.range.start.character);
  let n = nodeAt(sf, start);
  while (n && !(ts.isCallExpression(n) || ts.isNewExpression(n))) n = n.parent;
  return n as ts.CallExpression | ts.NewExpression | undefined;
}

function removalRange(sf: ts.SourceFile, p: ts.ObjectLiteralElementLike): Range {
  const list = (p.parent as ts.ObjectLiteralExpression).properties;
  const i = list.indexOf(p);
  const start = i > 0 ? list[i - 1].getEnd() : p.getStart(sf);
  const end = i > 0 ? p.getEnd() : i + 1 < list.length ? list[i + 1].getStart(sf) : p.getEnd();
  return { start: sf.getLineAndCharacterOfPosition(start), end: sf.getLineAndCharacterOfPosition(end) };
}

function addImport(sf: ts.SourceFile, name: string, from: string): TextEdit | undefined {
  const already = sf.statements.some((s) => ts.isImportDeclaration(s) && s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings) && s.importClause.namedBindings.elements.some((e) => e.name.text === name));
  if (already) return undefined;
  const imports = sf.statements.filter(ts.isImportDeclaration);
  const after = imports.length ? imports[imports.length - 1].getEnd() : 0;
  const pos = sf.getLineAndCharacterOfPosition(after);
  const text = `import { ${name} } from '${from}';`;
  return { file: sf.fileName, range: { start: pos, end: pos }, newText: imports.length ? `\n${text}` : `${text}\n` };
}
