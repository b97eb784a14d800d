/**
 * Tests that run inside the real extension host (code-server), for API-level checks. Each suite
 * file exports one HostSuite; test/host/index.ts lists them and runs them in order.
 */
export interface HostSuite {
  readonly name: string;
  readonly tests: Readonly<Record<string, () => Promise<void>>>;
}

/** One host test's outcome, written by test/host/index.ts for the e2e test that drives the workbench. */
export interface HostTestResult {
  suite: string;
  test: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/** A tree item's label as text (a label may be a string or a highlighted TreeItemLabel). */
export function labelText(item: { readonly label?: string | { readonly label: string } }): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}
