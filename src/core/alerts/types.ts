/*
 * The vocabulary of alerting: rules as plain data (JSON-serialisable, so settings and rules files
 * hold them), alert states, and the events the engine emits. Nothing here does I/O.
 */

export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

/** Which members a rule is evaluated on: each member, only the current leader, or the ensemble once. */
export type RuleScope = 'member' | 'leader' | 'ensemble';
export const SCOPES: readonly RuleScope[] = ['member', 'leader', 'ensemble'];

export type Comparison = '>' | '>=' | '<' | '<=' | '==' | '!=';
export const COMPARISONS: readonly Comparison[] = ['>', '>=', '<', '<=', '==', '!='];

export type RuleKind = 'threshold' | 'forecast' | 'anomaly';

interface RuleBase {
  /** Stable kebab-case id; the built-in ids are a contract. */
  readonly id: string;
  readonly title: string;
  readonly kind: RuleKind;
  readonly scope: RuleScope;
  readonly severity: Severity;
  /** Seconds the condition must hold before pending becomes firing; 0 fires at once. */
  readonly forSeconds: number;
  /** Seconds a firing alert keeps firing after its condition cleared (Prometheus keep_firing_for). */
  readonly keepFiringSeconds: number;
  /** Id of the runbook that handles it (the recovery issue's runbooks). */
  readonly runbook: string;
  /** One line: what to do. */
  readonly action: string;
  /** Where the threshold comes from (zookeeperMonitor.md, Zabbix, or why we chose it). */
  readonly source: string;
  readonly enabled: boolean;
}

/**
 * A comparison of a signal with a threshold. With `limit`, the compared value is the signal as a
 * fraction of that limit (e.g. open fds ÷ max fds), and the threshold is that fraction.
 */
export interface ThresholdRule extends RuleBase {
  readonly kind: 'threshold';
  /** A signal name (see signals.ts) or a raw mntr key without `zk_`. */
  readonly signal: string;
  readonly op: Comparison;
  readonly threshold: number;
  /** Clears only once the value is back past this (hysteresis); default: the threshold itself. */
  readonly clearThreshold?: number;
  /** A signal or mntr key that the member reports as its limit. */
  readonly limit?: string;
}

/**
 * Time until a saturating signal reaches its limit, from a robust trend. Fires while the
 * pessimistic ETA is under `etaSeconds`; clears once it is above `clearEtaSeconds` (or no growth).
 */
export interface ForecastRule extends RuleBase {
  readonly kind: 'forecast';
  /** The mntr key forecast (a gauge). */
  readonly signal: string;
  /** A mntr key or conf field the member reports as its limit, or a fixed number. */
  readonly limit: string | number;
  readonly etaSeconds: number;
  readonly clearEtaSeconds: number;
  /** How far back the trend looks. */
  readonly windowSeconds: number;
}

/**
 * Sustained deviation of a member from its own rolling median: fires while the value is above
 * median + `deviations` × spread (and above `minimum`), for `forSeconds`.
 */
export interface AnomalyRule extends RuleBase {
  readonly kind: 'anomaly';
  readonly signal: string;
  readonly deviations: number;
  /** Values at or under this are never anomalous (1 ms over a 0 ms baseline is not news). */
  readonly minimum: number;
  /** How much history the baseline holds. */
  readonly baselineSeconds: number;
}

export type AlertRule = ThresholdRule | ForecastRule | AnomalyRule;

/**
 * Where an alert stands. `nodata`: its member stopped answering (never "resolved" for that);
 * `error`: the rule could not be evaluated.
 */
export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved' | 'nodata' | 'error';

/** One rule on one member (member null for ensemble rules). */
export interface AlertInstance {
  readonly rule: AlertRule;
  readonly member: string | null;
  readonly state: AlertState;
  /** The last value compared (the fraction for limit rules, the pessimistic ETA for forecasts). */
  readonly value: number | null;
  /** Epoch ms the current state began. */
  readonly since: number;
  /** Epoch ms the current firing began, while firing. */
  readonly firingSince: number | null;
  readonly summary: string;
  readonly error: string | null;
}

/** A state change of one alert instance. */
export interface AlertEvent {
  readonly type: 'alert';
  readonly state: Exclude<AlertState, 'inactive'>;
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  readonly member: string | null;
  readonly value: number | null;
  /** Epoch ms. */
  readonly at: number;
  readonly summary: string;
  readonly runbook: string;
  readonly action: string;
}

/** A computed time-to-limit. */
export interface Forecast {
  readonly rule: string;
  readonly member: string;
  readonly metric: string;
  /** The trend's value now. */
  readonly value: number;
  readonly limit: number;
  readonly etaSeconds: { readonly likely: number; readonly pessimistic: number };
  /** Epoch ms. */
  readonly at: number;
}

/** A member whose `uptime` went down between two polls. */
export interface RestartEvent {
  readonly type: 'restart';
  readonly member: string;
  readonly at: number;
}
