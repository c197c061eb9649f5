#!/usr/bin/env node
// The language server's own entry point: `node server/out/lsp/main.js --stdio` (or `--node-ipc`,
// as the VS Code extension starts it). `privacy-lens lsp --stdio` reaches the same startServer().

import { startServer } from './server';

startServer();
