// tsconfig uses moduleResolution "node", which ignores package.json "exports"; esbuild honours them.
// These declarations point the `/node` entry points at the typings they export, for tsc only.
declare module 'vscode-languageserver/node' {
  export * from 'vscode-languageserver/lib/node/main';
}
declare module 'vscode-languageclient/node' {
  export * from 'vscode-languageclient/lib/node/main';
}
declare module 'vscode-languageserver-protocol/node' {
  export * from 'vscode-languageserver-protocol/lib/node/main';
}
declare module 'vscode-jsonrpc/node' {
  export * from 'vscode-jsonrpc/lib/node/main';
}
// The bare packages too: their typings sit behind "exports", so without these every protocol type
// the server's handlers receive (CompletionParams, CodeActionParams, ...) silently became `any`.
declare module 'vscode-languageserver-protocol' {
  export * from 'vscode-languageserver-protocol/lib/common/api';
}
declare module 'vscode-jsonrpc' {
  export * from 'vscode-jsonrpc/lib/common/api';
}
