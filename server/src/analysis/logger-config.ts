// Loggers configured once for the whole project, away from where they are used: nestjs-pino's
// `LoggerModule.forRoot({ pinoHttp: { redact: [...] } })` sets the `redact` paths of every
// `PinoLogger` injected anywhere (SinkSpec.redactIn).

import ts = require('typescript');
import type { SinkSpec } from './types';
import type { OriginResolver } from './origins';
import { redactPathsIn } from './sink-arguments';

export class ConfiguredRedactions {
  /** Per spec id and file: the paths that file's configuring calls redact. */
  private readonly byFile = new Map<string, Map<string, { sf: ts.SourceFile; paths: string[][] }>>();

  constructor(
    private readonly origins: OriginResolver,
    private readonly projectFiles?: () => readonly ts.SourceFile[],
  ) {}

  /** The paths every logger of `spec` redacts, from the project's configuring calls. */
  of(spec: SinkSpec): string[][] {
    const config = spec.redactIn;
    if (!config || !this.projectFiles || !spec.module) return [];
    let files = this.byFile.get(spec.id);
    if (!files) this.byFile.set(spec.id, (files = new Map()));
    const out: string[][] = [];
    for (const sf of this.projectFiles()) {
      let found = files.get(sf.fileName);
      if (found?.sf !== sf) files.set(sf.fileName, (found = { sf, paths: this.pathsIn(sf, spec.module, config) }));
      out.push(...found.paths);
    }
    return out;
  }

  private pathsIn(sf: ts.SourceFile, module: string, config: NonNullable<SinkSpec['redactIn']>): string[][] {
    const [holder, ...methods] = config.call.split('/');
    if (!sf.text.includes(holder)) return [];
    const out: string[][] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && methods.includes(n.expression.name.text) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === holder) {
        const origin = this.origins.of(n.expression.expression);
        const options = n.arguments[0];
        if (origin?.root.module === module && options && ts.isObjectLiteralExpression(options)) {
          const inner = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === config.option);
          if (inner && ts.isObjectLiteralExpression(inner.initializer)) out.push(...redactPathsIn(inner.initializer));
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return out;
  }
}
