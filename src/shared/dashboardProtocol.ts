import type { EnsembleEvent, MemberStateWord } from './ensembleEvents';
import type { RecoveryHostMessage, RecoveryWebviewMessage } from './recoveryProtocol';
import type { TeamAlertsView } from './teamAlerts';

/*
 * The dashboard's messages between the extension host and the webview, as discriminated unions on
 * `type`. Both sides import this module (types and constants only: no schema library, so the
 * webview bundle stays small); the host validates what the webview sends with dashboardValidation.
 * The webview speaks first (`ready`); the host posts nothing before it.
 */

/**
 * The range picker: raw samples for 5 min; the store's coarser tiers stitched in for 1 h and 24 h;
 * 7 d and 30 d (and a shorter range the local store does not reach back over) from the cluster's
 * Prometheus, when it has one.
 */
export const RANGES = ['5m', '1h', '24h', '7d', '30d'] as const;
export type RangeId = (typeof RANGES)[number];

export const RANGE_MS: Readonly<Record<RangeId, number>> = {
  '5m': 5 * 60_000,
  '1h': 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
};

/** Where the charts' points come from; every chart says it. */
export interface SeriesSourceView {
  /**
   * `local`: the editor's own store; `loading`: asked of Prometheus, not answered yet;
   * `prometheus`: Prometheus answered; `failed`: it did not (the local store is shown instead).
   */
  readonly kind: 'local' | 'loading' | 'prometheus' | 'failed';
  /** Shown on each chart: "local" or "Prometheus 127.0.0.1:9090". */
  readonly label: string;
  /** Seconds between points from Prometheus; null for local data. */
  readonly stepSeconds: number | null;
  /** For the whole panel: why Prometheus is not shown, or what the local store cannot show; null when all is well. */
  readonly message: string | null;
  /** Charts (CHARTS ids) the source has nothing for, and why. */
  readonly missing: readonly { readonly chart: string; readonly why: string }[];
}

/** How a chart's numbers read. */
export type ChartUnit = 'ms' | 'count' | 'per-second' | 'bytes' | 'ms-per-second';

/** One line per member in a chart: a store key (mntr name without `zk_`, or a derived key). */
export interface ChartLine {
  readonly key: string;
  /** Shown after the member in the hover readout, when a chart has more than one line per member. */
  readonly label?: string;
  /** Drawn dashed (e.g. a limit next to the value it bounds). */
  readonly dashed?: boolean;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly unit: ChartUnit;
  readonly lines: readonly ChartLine[];
}

/** The lag a member trails its leader by, recorded per report (mntr has no such key). */
export const ZXID_LAG_KEY = 'zkops_zxid_lag';

/** Every chart, in display order. Counters (packets, fsync, elections) arrive as per-second rates. */
export const CHARTS: readonly ChartSpec[] = [
  { id: 'avg-latency', title: 'Average latency', unit: 'ms', lines: [{ key: 'avg_latency' }] },
  { id: 'max-latency', title: 'Max latency', unit: 'ms', lines: [{ key: 'max_latency' }] },
  { id: 'outstanding', title: 'Outstanding requests', unit: 'count', lines: [{ key: 'outstanding_requests' }] },
  { id: 'packets-received', title: 'Packets received', unit: 'per-second', lines: [{ key: 'packets_received' }] },
  { id: 'packets-sent', title: 'Packets sent', unit: 'per-second', lines: [{ key: 'packets_sent' }] },
  { id: 'connections', title: 'Alive connections', unit: 'count', lines: [{ key: 'num_alive_connections' }] },
  { id: 'znodes', title: 'Znodes', unit: 'count', lines: [{ key: 'znode_count' }] },
  { id: 'watches', title: 'Watches', unit: 'count', lines: [{ key: 'watch_count' }] },
  { id: 'ephemerals', title: 'Ephemerals', unit: 'count', lines: [{ key: 'ephemerals_count' }] },
  { id: 'data-size', title: 'Approximate data size', unit: 'bytes', lines: [{ key: 'approximate_data_size' }] },
  {
    id: 'fds',
    title: 'File descriptors: open vs max',
    unit: 'count',
    lines: [
      { key: 'open_file_descriptor_count', label: 'open' },
      { key: 'max_file_descriptor_count', label: 'max', dashed: true },
    ],
  },
  { id: 'zxid-lag', title: 'Follower zxid lag', unit: 'count', lines: [{ key: ZXID_LAG_KEY }] },
  { id: 'fsync', title: 'Fsync time', unit: 'ms-per-second', lines: [{ key: 'sum_fsynctime' }] },
  { id: 'election-time', title: 'Election time', unit: 'ms', lines: [{ key: 'avg_election_time' }] },
  { id: 'elections', title: 'Elections', unit: 'per-second', lines: [{ key: 'cnt_election_time' }] },
];

/** Every key the charts read, in CHARTS order; a series block's `values` follow this order. */
export const SERIES_KEYS: readonly string[] = CHARTS.flatMap((c) => c.lines.map((l) => l.key));

/**
 * One member's points of every key: `t` (epoch ms, ascending) and one array per SERIES_KEYS entry,
 * parallel to `t`; null where that key had no value at that time.
 */
export interface MemberSeries {
  readonly member: string;
  readonly t: number[];
  readonly values: (number | null)[][];
}

export interface SeriesBlock {
  /** Sample interval of the finest data (raw samples), for drawing gaps where a member stopped. */
  readonly intervalMs: number;
  readonly members: MemberSeries[];
}

/** One member's card. Strings come from servers: the webview shows them as text only. */
export interface MemberCard {
  readonly address: string;
  readonly id: number | null;
  /** leader, follower, observer, standalone, or null when not serving. */
  readonly role: string | null;
  readonly state: MemberStateWord;
  readonly version: string | null;
  readonly lag: number | null;
  readonly reason: string | null;
}

export interface SummaryView {
  readonly status: 'pass' | 'warn' | 'fail';
  readonly summary: string;
  readonly leader: string | null;
  readonly quorum: boolean;
  readonly voters: number;
  readonly servingVoters: number;
  readonly canLose: number;
  readonly versions: readonly string[];
  readonly members: readonly MemberCard[];
  /** When the report was taken (ISO). */
  readonly takenAt: string;
}

/** Alert severities (as the rules declare them). */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** An alert under way. Strings come from rules and servers: the webview shows them as text only. */
export interface AlertItem {
  readonly rule: string;
  readonly title: string;
  readonly severity: AlertSeverity;
  readonly member: string | null;
  readonly state: 'pending' | 'firing' | 'nodata' | 'error';
  /** The value in words (a share of its limit, an ETA, a number), or null for a flag. */
  readonly value: string | null;
  /** Epoch ms the state (for a firing: the firing) began. */
  readonly since: number;
  readonly summary: string;
  readonly runbook: string;
  readonly action: string;
  /** Epoch ms its mute ends, or null. */
  readonly mutedUntil: number | null;
}

/** One remembered transition (fired, resolved, no data, error). */
export interface AlertHistoryItem {
  readonly rule: string;
  readonly title: string;
  readonly severity: AlertSeverity;
  readonly member: string | null;
  readonly state: 'firing' | 'resolved' | 'nodata' | 'error';
  readonly at: number;
  readonly summary: string;
}

export interface ForecastItem {
  readonly rule: string;
  readonly title: string;
  readonly member: string;
  readonly metric: string;
  readonly value: number;
  readonly limit: number;
  readonly likelySeconds: number;
  readonly pessimisticSeconds: number;
  readonly at: number;
}

/** What the charts draw over their lines, by chart id (CHARTS): */
export interface ChartOverlay {
  readonly chart: string;
  /** A rule's threshold as a horizontal line (a limit rule's at each member's limit × its share). */
  readonly thresholds: readonly {
    readonly value: number;
    readonly rule: string;
    readonly severity: AlertSeverity;
    readonly label: string;
  }[];
  /** Times a rule of this chart was firing, shaded; `to` null while it still fires. */
  readonly spans: readonly {
    readonly from: number;
    readonly to: number | null;
    readonly rule: string;
    readonly severity: AlertSeverity;
    readonly member: string | null;
  }[];
  /** A forecast as a dashed extension of a member's series from its level now to its limit. */
  readonly forecasts: readonly {
    readonly member: string;
    readonly from: { readonly t: number; readonly v: number };
    readonly to: { readonly t: number; readonly v: number };
    readonly label: string;
  }[];
}

/** The cluster's alerts for the dashboard: the list (firing, pending, history), forecasts, chart overlays. */
export interface AlertsView {
  readonly active: readonly AlertItem[];
  readonly forecasts: readonly ForecastItem[];
  /** Newest first, bounded. */
  readonly history: readonly AlertHistoryItem[];
  readonly overlays: readonly ChartOverlay[];
  /** The team's Prometheus and Alertmanager alerts, rules and silences; null when the cluster has neither. */
  readonly team: TeamAlertsView | null;
}

/** What the webview keeps across reloads (vscode.setState) and hands back to the serializer. */
export interface DashboardState {
  readonly clusterId: string;
  readonly range: RangeId;
  /** Members switched off in the legend. */
  readonly hidden: readonly string[];
  readonly live: boolean;
}

export type HostMessage =
  /** Everything for the current range: sent after `ready`, a range change, or when a hidden panel is shown again. */
  | {
      readonly type: 'snapshot';
      /** The cluster's id, kept in the view state so a reload restores this cluster's panel. */
      readonly clusterId: string;
      readonly clusterName: string;
      readonly range: RangeId;
      readonly live: boolean;
      readonly now: number;
      readonly series: SeriesBlock;
      readonly source: SeriesSourceView;
      readonly summary: SummaryView | null;
      readonly events: readonly EnsembleEvent[];
      /** The cluster's alerts; null when the host has no alert service for it. */
      readonly alerts: AlertsView | null;
    }
  /** The range's series replaced (Prometheus answered or failed, or its points were read again); nothing else changes. */
  | {
      readonly type: 'series';
      readonly range: RangeId;
      readonly now: number;
      readonly series: SeriesBlock;
      readonly source: SeriesSourceView;
    }
  /** Only what is new since the last post: points after each member's last sent time, new events, the latest summary. */
  | {
      readonly type: 'append';
      readonly now: number;
      readonly series: SeriesBlock | null;
      readonly summary: SummaryView | null;
      readonly events: readonly EnsembleEvent[];
      /** The alerts again when they changed (they are small); null when unchanged. */
      readonly alerts: AlertsView | null;
    }
  /** The Recovery section (recoveryProtocol.ts): after each snapshot, and whenever a run or what applies changed. */
  | RecoveryHostMessage;

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'setRange'; readonly range: RangeId }
  | { readonly type: 'setLive'; readonly live: boolean }
  /** Legend toggles and the rest of the view state, so a restored panel gets them back. */
  | { readonly type: 'state'; readonly state: DashboardState }
  /** The Recovery section's requests (recoveryProtocol.ts). */
  | RecoveryWebviewMessage
  /** "Silence 1 h" on an alert of the list: ours by rule and member, the team's by its key (TeamAlertItem.key). */
  | { readonly type: 'silence'; readonly target: SilenceTarget };

export type SilenceTarget =
  { readonly kind: 'ours'; readonly rule: string; readonly member: string | null } | { readonly kind: 'team'; readonly key: string };

export type WebviewMessageType = WebviewMessage['type'];

/** The panel's view type (package.json `activationEvents`, the serializer). */
export const DASHBOARD_VIEW_TYPE = 'zookeeper.dashboard';
