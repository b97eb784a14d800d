/**
 * The `zkops health --json` document, schema `zkops-health/1`. Fields are only ever added; the CLI,
 * the tests and any script that reads the output share this one declaration (no vscode, DOM or
 * node imports, so the webview may read it too).
 */
export type HealthJsonStatus = 'pass' | 'warn' | 'fail';

export type HealthJsonMemberState = 'up' | 'down' | 'hung' | 'not-serving' | 'read-only' | 'unknown';

export type HealthJsonRole = 'leader' | 'follower' | 'observer' | 'standalone';

export interface HealthJsonCheck {
  /** Stable kebab-case id. */
  readonly id: string;
  readonly title: string;
  readonly status: HealthJsonStatus;
  readonly evidence: string;
  readonly advice: string;
}

export interface HealthJsonMember {
  /** `host:port` (client port). */
  readonly address: string;
  readonly id: number | null;
  readonly role: HealthJsonRole | null;
  readonly state: HealthJsonMemberState;
  readonly voting: boolean | null;
  readonly inConnectString: boolean;
  readonly zxid: string | null;
  readonly lag: number | null;
  readonly latencyMs: { readonly min: number; readonly avg: number; readonly max: number } | null;
  readonly connections: number | null;
  readonly outstanding: number | null;
  readonly openFileDescriptors: number | null;
  readonly maxFileDescriptors: number | null;
  readonly version: string | null;
  readonly metricsSource: '4lw' | 'admin' | null;
  readonly reason: string | null;
}

export interface HealthJson {
  readonly schema: 'zkops-health/1';
  readonly connectString: string;
  /** ISO time the round started. */
  readonly takenAt: string;
  readonly elapsedMs: number;
  readonly status: HealthJsonStatus;
  /** 0 pass, 1 warning (degraded), 2 fail. */
  readonly exitCode: 0 | 1 | 2;
  readonly summary: string;
  readonly counts: { readonly pass: number; readonly warn: number; readonly fail: number };
  readonly ensemble: {
    readonly leader: { readonly id: number | null; readonly address: string } | null;
    readonly quorum: boolean;
    readonly voters: number;
    readonly servingVoters: number;
    readonly majority: number;
    readonly canLose: number;
    readonly splitBrain: boolean;
    readonly standalone: boolean;
    readonly versions: readonly string[];
    readonly configDrift: boolean;
  };
  readonly checks: readonly HealthJsonCheck[];
  readonly members: readonly HealthJsonMember[];
  readonly notes: readonly string[];
}
