// The server's custom messages as the client sees them. Mirrors server/src/lsp/protocol.ts by name
// and shape; the client never imports server code (it runs in another process, possibly bundled).

import { NotificationType, RequestType, RequestType0 } from 'vscode-languageclient/node';
import type { Location, Position } from 'vscode-languageclient/node';

export interface StatusParams {
  state: 'starting' | 'analyzing' | 'ready' | 'config-error' | 'disabled';
  findings: number;
  files: number;
  message?: string;
}
export const statusNotification = new NotificationType<StatusParams>('privacyLens/status');

export const scanWorkspaceRequest = new RequestType0<{ files: number; findings: number }, void>('privacyLens/scanWorkspace');

export interface BundledPackInfo {
  id: string;
  title: string;
  company: string;
}
export const bundledPacksRequest = new RequestType0<BundledPackInfo[], void>('privacyLens/bundledPacks');

export interface FindingSummary {
  ruleId: string;
  message: string;
  range: Location['range'];
  clause: { policy: string; policyTitle: string; id: string; title: string; quote: string; url: string };
  steps: Array<{ location: Location; message: string }>;
}
export const findingsAtRequest = new RequestType<{ uri: string; position: Position }, FindingSummary[], void>('privacyLens/findingsAt');
