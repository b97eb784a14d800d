import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { HostMessage } from '../../src/shared/dashboardProtocol';

/*
 * The dashboard webview outside VS Code, for the benchmark and quick checks: dist/webview.js and
 * its CSS served from loopback under the same CSP as the panel (default-src 'none', the script by
 * nonce, styles only from the server), with a stand-in for acquireVsCodeApi that records what the
 * page posts. Host messages are delivered with window.postMessage, as VS Code does.
 */

const NONCE = 'benchnonce0123456789';

export interface DashboardPage {
  readonly url: string;
  close(): Promise<void>;
}

function html(origin: string, theme: 'vscode-dark' | 'vscode-light'): string {
  const csp = `default-src 'none'; script-src 'nonce-${NONCE}'; style-src ${origin}; font-src ${origin}`;
  const vars =
    theme === 'vscode-dark'
      ? '--vscode-foreground:#cccccc;--vscode-editor-background:#1e1e1e;--vscode-charts-blue:#3794ff;' +
        '--vscode-charts-orange:#d18616;--vscode-charts-green:#89d185;--vscode-charts-purple:#b180d7;' +
        '--vscode-charts-red:#f14c4c'
      : '--vscode-foreground:#616161;--vscode-editor-background:#ffffff;--vscode-charts-blue:#1a85ff;' +
        '--vscode-charts-orange:#d18616;--vscode-charts-green:#388a34;--vscode-charts-purple:#652d90;' +
        '--vscode-charts-red:#e51400';
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/webview.css"></head>
<body class="${theme}"><div id="app"></div>
<script nonce="${NONCE}">
  for (const decl of ${JSON.stringify(vars)}.split(';')) { const i = decl.indexOf(':'); document.body.style.setProperty(decl.slice(0, i), decl.slice(i + 1)); }
  window.__posted = []; document.addEventListener('securitypolicyviolation', (e) => console.log('CSP', e.sourceFile, e.lineNumber, e.columnNumber, e.sample));
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__state, setState: (s) => { window.__state = s; } });
</script>
<script nonce="${NONCE}" src="${origin}/webview.js"></script></body></html>`;
}

/** Serves the built webview (run `node esbuild.mjs` first). */
export async function serveDashboard(distDir: string, theme: 'vscode-dark' | 'vscode-light' = 'vscode-dark'): Promise<DashboardPage> {
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const name = (req.url ?? '/').split('?')[0]!;
    if (name === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(origin, theme));
      return;
    }
    const file = path.join(distDir, path.basename(name));
    if (!/^\/webview\.(js|css)$/.test(name) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Delivers a host message to the page and resolves with the webview's measure of handling it (ms). */
export async function deliver(page: Page, message: HostMessage): Promise<number> {
  return page.evaluate(async (m) => {
    const name = `dashboard:${m.type}`;
    const before = performance.getEntriesByName(name).length;
    (globalThis as unknown as { postMessage(message: unknown, origin: string): void }).postMessage(m, '*');
    for (let i = 0; i < 500 && performance.getEntriesByName(name).length === before; i++) await new Promise((r) => setTimeout(r, 5));
    const entries = performance.getEntriesByName(name);
    if (entries.length === before) throw new Error(`the page did not handle ${m.type}`);
    return entries[entries.length - 1]!.duration;
  }, message);
}
