// Code actions for findings: the engine's fixes (wrap in the project's sanitiser, drop the field,
// switch to the in-region host, tag the field) converted to workspace edits, a suppression comment
// that needs a reason, "Show the policy clause", and fix-all for the file
// (`source.fixAll.privacyLens`: every finding's preferred fix, without overlapping edits).

import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Command, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FixOptions, Project } from '../analysis/api';
import type { Fix, TextEdit } from '../analysis/types';
import type { Finding } from '../policy/types';
import type { ClientFeatures } from './capabilities';
import { toLspTextEdit } from './convert';
import { diagnosticSource, findingKey } from './diagnostics';
import type { DiagnosticData, ProblemData } from './diagnostics';
import { showClauseCommand } from './protocol';

export const fixAllKind = `${CodeActionKind.SourceFixAll}.privacyLens`;

export interface CodeActionInput {
  file: string;
  document: TextDocument;
  diagnostics: readonly Diagnostic[];
  /** `context.only`, when the client asked for some kinds only. */
  only: readonly string[] | undefined;
  findings: readonly Finding[];
  project: Project | undefined;
  fixOptions: FixOptions;
  features: ClientFeatures;
  /** Open documents' versions, for versioned edits. */
  versionOf(file: string): number | null;
  /** The URI the client uses for a file. */
  uriOf(file: string): string;
}

export function codeActions(input: CodeActionInput): Array<CodeAction | Command> {
  const out: Array<CodeAction | Command> = [];
  const wants = (kind: string) => !input.only || input.only.some((k) => kind === k || kind.startsWith(k + '.'));
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of input.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      const finding = findingFor(diagnostic, input.findings);
      if (finding) out.push(...quickFixes(finding, diagnostic, input));
      else out.push(...replacementFixes(diagnostic, input));
    }
  }
  if (wants(fixAllKind) && input.only) {
    const fixAll = fixAllAction(input);
    if (fixAll) out.push(fixAll);
  }
  if (!input.features.codeActionLiterals) {
    // A client without code action literals can only run commands: offer the clause links.
    return out.filter((a): a is CodeAction => 'kind' in a).flatMap((a) => (a.command ? [a.command] : []));
  }
  return out;
}

/** The finding a diagnostic stands for: by the key it carries, or by rule and range. */
export function findingFor(diagnostic: Diagnostic, findings: readonly Finding[]): Finding | undefined {
  const key = (diagnostic.data as Partial<DiagnosticData> | undefined)?.findingKey;
  if (key) {
    const byKey = findings.find((f) => findingKey(f) === key);
    if (byKey) return byKey;
  }
  return findings.find(
    (f) =>
      f.ruleId === diagnostic.code &&
      f.location.range.start.line === diagnostic.range.start.line &&
      f.location.range.start.character === diagnostic.range.start.character,
  );
}

function engineFixes(finding: Finding, input: CodeActionInput): Fix[] {
  if (finding.fixes.length > 0) return finding.fixes;
  if (!input.project) return [];
  try {
    return input.project.fixes(finding.flow, { ...input.fixOptions, ruleId: finding.ruleId });
  } catch {
    // A fix the engine cannot compute is simply not offered.
    return [];
  }
}

function quickFixes(finding: Finding, diagnostic: Diagnostic, input: CodeActionInput): CodeAction[] {
  const out: CodeAction[] = [];
  let suppressionOffered = false;
  for (const fix of engineFixes(finding, input)) {
    const isSuppression = fix.edits.some((e) => e.newText.includes('privacy-lens-ignore'));
    const edits = isSuppression ? fix.edits.map((e) => ({ ...e, newText: e.newText.replace(/<rule-id>|RULE_ID/g, finding.ruleId) })) : fix.edits;
    suppressionOffered ||= isSuppression;
    out.push({
      title: fix.safe ? fix.title : `${fix.title} (changes what is sent)`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.isPreferred === true,
      edit: workspaceEdit(edits, input),
    });
  }
  if (!suppressionOffered) out.push(suppressionAction(finding, diagnostic, input));
  out.push({
    title: `Show the policy clause: ${finding.clause.policyTitle} § ${finding.clause.title}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: 'Show the policy clause', command: showClauseCommand, arguments: [finding.clause.url, finding.clause.title, finding.clause.quote] },
  });
  return out;
}

/** A problem's replacements (`@pii user.health` → `user.health_and_medical`), each a quick fix; the first preferred. */
function replacementFixes(diagnostic: Diagnostic, input: CodeActionInput): CodeAction[] {
  const replacements = (diagnostic.data as Partial<ProblemData> | undefined)?.replacements ?? [];
  const range = { start: diagnostic.range.start, end: diagnostic.range.end };
  return replacements.map((text, i) => ({
    title: `Change to '${text}'`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: i === 0 && replacements.length === 1,
    edit: workspaceEdit([{ file: input.file, range, newText: text }], input),
  }));
}

/**
 * `// privacy-lens-ignore <rule-id>: ` above the sink line, with the reason left for the author: a
 * suppression without a reason is reported, not honoured, until someone writes down why.
 */
export function suppressionAction(finding: Finding, diagnostic: Diagnostic, input: CodeActionInput): CodeAction {
  const line = finding.location.range.start.line;
  const lineText = input.document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const edit: TextEdit = {
    file: finding.location.file,
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}// privacy-lens-ignore ${finding.ruleId}: \n`,
  };
  return {
    title: `Suppress ${finding.ruleId} on this line (write the reason after the colon)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit([edit], input),
  };
}

function fixAllAction(input: CodeActionInput): CodeAction | undefined {
  const chosen: TextEdit[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) =>
    a.file === b.file && !(before(a.range.end, b.range.start) || before(b.range.end, a.range.start)) && !sameEdit(a, b);
  for (const finding of input.findings) {
    // The preferred fix is the one that resolves the finding (wrap, in-region host); tags and
    // suppressions only change what the tool believes, so fix-all never applies them.
    const fix = engineFixes(finding, input).find((f) => f.isPreferred && !f.edits.some((e) => /privacy-lens-ignore|@pii/.test(e.newText)));
    if (!fix) continue;
    // Two findings on one value share one edit (and one import); conflicting edits are left for a second pass.
    if (fix.edits.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    for (const e of fix.edits) if (!chosen.some((c) => sameEdit(c, e))) chosen.push(e);
  }
  if (chosen.length === 0) return undefined;
  return { title: 'Fix all Privacy Lens findings in this file', kind: fixAllKind, edit: workspaceEdit(chosen, input) };
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return (
    a.file === b.file &&
    a.newText === b.newText &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

/** Plain edits grouped by file: versioned document changes when the client supports them. */
export function workspaceEdit(edits: readonly TextEdit[], input: Pick<CodeActionInput, 'features' | 'versionOf' | 'uriOf'>): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    let list = byFile.get(e.file);
    if (!list) byFile.set(e.file, (list = []));
    list.push(e);
  }
  if (input.features.documentChanges) {
    const documentChanges: TextDocumentEdit[] = [...byFile].map(([file, list]) => ({
      textDocument: { uri: input.uriOf(file), version: input.versionOf(file) },
      edits: list.map(toLspTextEdit),
    }));
    return { documentChanges };
  }
  const changes: Record<string, ReturnType<typeof toLspTextEdit>[]> = {};
  for (const [file, list] of byFile) changes[input.uriOf(file)] = list.map(toLspTextEdit);
  return { changes };
}
