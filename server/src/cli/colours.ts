// ANSI colours for the text report: on only when writing to a terminal and NO_COLOR is not set
// (https://no-color.org), so that files, pipes and CI logs get plain text.

export interface Palette {
  error(text: string): string;
  warning(text: string): string;
  note(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain = (text: string): string => text;

export const PLAIN: Palette = { error: plain, warning: plain, note: plain, dim: plain, bold: plain };

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\x1b[${open}m${text}\x1b[${close}m`;

const ANSI: Palette = { error: wrap(31, 39), warning: wrap(33, 39), note: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22) };

export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY && !noColor ? ANSI : PLAIN;
}
