import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce per page: the only scripts that run are the ones carrying it. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The dashboard page: no data in it (everything arrives as messages and is set as text), one
 * script by nonce, styles and fonts only from the extension's dist folder, nothing else allowed.
 */
export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>ZooKeeper Dashboard</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
