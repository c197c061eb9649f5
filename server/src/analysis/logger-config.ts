// Loggers configured once for the whole project, away from where they are used: nestjs-pino's
// `LoggerModule.forRoot({ pinoHttp: { redact: [...] } })` sets the `redact` paths of every
// `PinoLogger` injected anywhere, and `Fastify({ logger: { redact: [...] } })` those of every
// `request.log` (SinkSpec.redactIn).

import ts = require('typescript');
import type { SinkSpec } from './types';
import type { OriginResolver } from './origins';
import { redactPathsIn } from './sink-arguments';
import { calleeNames, compileOriginPatterns } from './origin-pattern';
import { nameOf } from './locations';

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
    // A cheap filter: a configuring callee's last name (`forRoot`), else the module's, is in the text.
    const names = config.calls.map(calleeNames);
    if (!names.some((set) => (set ? [...set].some((n) => sf.text.includes(n)) : sf.text.includes(module)))) return [];
    const matches = compileOriginPatterns(config.calls);
    const out: string[][] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && n.arguments.length) {
        const options = n.arguments[0];
        if (ts.isObjectLiteralExpression(options)) {
          const inner = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && nameOf(p) === config.option);
          if (inner && ts.isObjectLiteralExpression(inner.initializer)) {
            const origin = this.origins.of(n.expression);
            if (origin?.root.module === module && matches([...origin.path, '()'])) out.push(...redactPathsIn(inner.initializer));
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return out;
  }
}
