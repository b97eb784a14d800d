// The dashboard webview entry (filled in by the dashboard issue).
export {};
