import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import {
  AlertItem,
  AlertsView,
  DashboardState,
  HostMessage,
  RANGE_MS,
  RANGES,
  RangeId,
  SERIES_KEYS,
  SeriesSourceView,
  SilenceTarget,
  SummaryView,
} from '../src/shared/dashboardProtocol';
import { SeriesCache } from './chartData';
import { ChartBoard } from './charts';
import type { RecoveryView } from '../src/shared/recoveryProtocol';
import { button, choice, registerControls, toggle } from './controls';
import { loadState, onHostMessage, post, saveState } from './link';
import { duration, renderAlerts } from './alerts';
import { RecoveryActions, renderRecovery } from './recovery';
import { renderSummary } from './summary';
import { readTheme, watchTheme } from './theme';
import { Timeline } from './timeline';

/*
 * The dashboard page: summary cards, the charts (with the alerts' thresholds, firing spans and
 * forecasts), the events timeline, the alert list, and the Recovery section. It says `ready` once
 * its listeners are in place; the host posts nothing before. Server strings reach the DOM as text only.
 */

const RANGE_LABELS: Record<RangeId, string> = { '5m': '5 min', '1h': '1 h', '24h': '24 h', '7d': '7 d', '30d': '30 d' };

function section(id: string, title: string): { root: HTMLElement; body: HTMLElement } {
  const root = document.createElement('section');
  root.id = id;
  root.className = 'panel-section';
  const h = document.createElement('h2');
  h.textContent = title;
  const body = document.createElement('div');
  body.className = 'section-body';
  root.append(h, body);
  return { root, body };
}

/** The Recovery section's buttons, as requests to the host. */
const recoveryActions: RecoveryActions = {
  run: (runbook, member) => post({ type: 'runRunbook', runbook, member }),
  consent: (run, step, consent) => post({ type: 'consent', run, step, consent }),
  stop: (run) => post({ type: 'stopRun', run }),
  save: (run) => post({ type: 'saveRunLog', run }),
};

class Dashboard {
  private readonly saved = loadState();
  private clusterId = typeof this.saved.clusterId === 'string' ? this.saved.clusterId : '';
  private range: RangeId = RANGES.includes(this.saved.range as RangeId) ? (this.saved.range as RangeId) : '5m';
  private live = this.saved.live !== false;
  private hidden = new Set<string>(Array.isArray(this.saved.hidden) ? this.saved.hidden.filter((h) => typeof h === 'string') : []);
  private now = Date.now();
  private summary: SummaryView | null = null;
  private alerts: AlertsView | null = null;
  private readonly alertsBody: HTMLElement;
  private alertsKey = '';
  private recovery: RecoveryView | null = null;
  private readonly recoveryBody: HTMLElement;
  private recoveryKey = '';
  /** Runs whose log the user opened, kept across redraws. */
  private readonly openLogs = new Set<string>();
  private readonly cache = new SeriesCache(SERIES_KEYS.length);
  private readonly title = document.createElement('h1');
  private readonly summaryBody: HTMLElement;
  private readonly legend = document.createElement('div');
  /** Where the charts' points come from, and why not from elsewhere (text only). */
  private readonly sourceNote = document.createElement('p');
  private readonly board: ChartBoard;
  private readonly timeline: Timeline;
  private readonly rangePicker;
  private readonly liveToggle;
  private legendKey = '';
  private savedKey = '';
  private summaryKey = '';

  constructor(app: HTMLElement) {
    registerControls();
    const header = document.createElement('header');
    this.title.textContent = 'ZooKeeper dashboard';
    this.rangePicker = choice(
      'Range',
      RANGES.map((r) => ({ value: r, label: RANGE_LABELS[r] })),
      this.range,
      (r) => this.setRange(r),
    );
    this.rangePicker.element.id = 'range';
    this.liveToggle = toggle('Live', this.live, (on) => this.setLive(on));
    this.liveToggle.element.id = 'live';
    const controls = document.createElement('div');
    controls.className = 'controls';
    controls.append(this.rangePicker.element, this.liveToggle.element);
    header.append(this.title, controls);

    const summary = section('summary', 'Ensemble');
    this.summaryBody = summary.body;
    const charts = section('charts', 'Metrics');
    this.legend.className = 'legend';
    this.sourceNote.id = 'series-source';
    this.sourceNote.className = 'series-source';
    const grid = document.createElement('div');
    grid.className = 'chart-grid';
    charts.body.append(this.sourceNote, this.legend, grid);
    const events = section('timeline', 'Events');
    const main = document.createElement('div');
    main.className = 'main';
    main.append(charts.root, events.root);
    const side = document.createElement('aside');
    side.className = 'side';
    const alerts = section('alerts', 'Alerts and forecasts');
    this.alertsBody = alerts.body;
    side.append(alerts.root);
    // Full width under the summary: when something is wrong, recovery is what the user needs next.
    const recovery = section('recovery', 'Recovery');
    this.recoveryBody = recovery.body;
    const layout = document.createElement('div');
    layout.className = 'layout';
    layout.append(main, side);
    app.append(header, summary.root, recovery.root, layout);

    this.board = new ChartBoard(grid, readTheme());
    this.timeline = new Timeline(events.body, (at) => this.centreOn(at));
    renderSummary(this.summaryBody, null, () => '');
    renderRecovery(this.recoveryBody, null, this.openLogs, recoveryActions);
    watchTheme(() => {
      this.board.setTheme(readTheme());
      this.redraw();
    });
    onHostMessage(
      (m) => this.onMessage(m),
      (type, error) => this.onRejected(type, error),
    );
    post({ type: 'ready' });
  }

  private onMessage(message: HostMessage): void {
    if (message.type === 'recovery') {
      this.recovery = message.recovery;
      this.drawRecovery();
      return;
    }
    const started = performance.now();
    if (message.type === 'snapshot') {
      performance.mark('dashboard:snapshot:start');
      this.clusterId = message.clusterId;
      this.title.textContent = `ZooKeeper dashboard: ${message.clusterName}`;
      this.range = message.range;
      this.live = message.live;
      document.body.dataset.range = message.range;
      this.rangePicker.set(message.range);
      this.liveToggle.set(message.live);
      this.cache.reset(message.series);
      this.timeline.reset(message.events);
      this.summary = message.summary;
      this.alerts = message.alerts;
      this.setSource(message.source);
      this.board.setWindow(undefined);
    } else if (message.type === 'series') {
      // An answer for a range since left behind is dropped.
      if (message.range !== this.range) return;
      this.cache.reset(message.series);
      this.setSource(message.source);
    } else {
      performance.mark('dashboard:append:start');
      if (message.series) this.cache.append(message.series);
      if (message.events.length > 0) this.timeline.add(message.events);
      if (message.summary) this.summary = message.summary;
      if (message.alerts) this.alerts = message.alerts;
    }
    this.now = message.now;
    this.cache.trim(this.now - RANGE_MS[this.range]);
    this.redraw();
    // uPlot draws in a microtask queued by the updates above; ours runs after it, so the measure
    // includes the drawing.
    const phase = message.type === 'snapshot' ? 'snapshot' : 'append';
    queueMicrotask(() => {
      performance.mark(`dashboard:${phase}:end`);
      performance.measure(`dashboard:${phase}`, { start: started, end: performance.now() });
    });
    this.persist();
  }

  private setSource(source: SeriesSourceView): void {
    this.board.setSource(source);
    document.body.dataset.source = source.kind;
    const parts = [
      source.kind === 'loading'
        ? null
        : `Charts from ${source.label === 'local' ? 'the local store' : source.label}${source.stepSeconds ? ` (a point every ${duration(source.stepSeconds)})` : ''}`,
      source.message,
    ];
    this.sourceNote.textContent = parts.filter((p): p is string => !!p).join('. ');
    this.sourceNote.dataset.kind = source.kind;
  }

  private silence(target: SilenceTarget): void {
    post({ type: 'silence', target });
  }

  /** Every member: those in the report first, then any the store still has history of. */
  private members(): string[] {
    const names = new Set<string>(this.summary?.members.map((m) => m.address) ?? []);
    for (const m of this.cache.memberNames()) names.add(m);
    return [...names];
  }

  private redraw(): void {
    const members = this.members();
    this.board.setEvents(this.timeline.times());
    this.board.setOverlays(this.alerts?.overlays ?? [], this.now);
    this.board.render(this.cache, members, { min: this.now - RANGE_MS[this.range], max: this.now });
    this.board.setHidden(this.hidden);
    this.renderLegend(members);
    // Cards are rebuilt only when the summary changed (most polls change nothing in it).
    const summaryKey = JSON.stringify(this.summary) + this.board.colourOf(this.summary?.members[0]?.address ?? '');
    if (summaryKey !== this.summaryKey) {
      this.summaryKey = summaryKey;
      renderSummary(this.summaryBody, this.summary, (m) => this.board.colourOf(m));
    }
    this.drawAlerts();
  }

  private drawAlerts(): void {
    const known = this.recovery?.known ?? [];
    const alertsKey = `${JSON.stringify(this.alerts)}${Math.floor(this.now / 1000)}${known.join(',')}`;
    if (alertsKey === this.alertsKey) return;
    this.alertsKey = alertsKey;
    renderAlerts(
      this.alertsBody,
      this.alerts,
      this.now,
      (t) => this.silence(t),
      (a: AlertItem) => {
        if (!known.includes(a.runbook)) return null;
        const open = button('Open runbook', () => post({ type: 'runRunbook', runbook: a.runbook, member: a.member }), true);
        open.classList.add('open-runbook');
        return open;
      },
    );
  }

  /** Redraws the Recovery section when it changed (and the alert list, whose runbook buttons follow it). */
  private drawRecovery(): void {
    const key = JSON.stringify(this.recovery);
    if (key !== this.recoveryKey) {
      this.recoveryKey = key;
      renderRecovery(this.recoveryBody, this.recovery, this.openLogs, recoveryActions);
    }
    this.drawAlerts();
  }

  /** A host message that failed its check: said in its section, never drawn. */
  private onRejected(type: string, error: string): void {
    const p = document.createElement('p');
    p.className = 'notice rejected';
    p.textContent = `A ${type} update from the extension was not shown: it did not pass its check (${error.split('\n')[0] ?? ''}).`;
    this.recoveryBody.prepend(p);
    this.recoveryKey = '';
  }

  private renderLegend(members: readonly string[]): void {
    const sorted = [...members].sort();
    const key = sorted.join('\n');
    if (key === this.legendKey) return;
    this.legendKey = key;
    this.legend.replaceChildren();
    for (const member of sorted) {
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.backgroundColor = this.board.colourOf(member);
      const item = toggle(member, !this.hidden.has(member), (on) => this.toggleMember(member, on), swatch);
      item.element.dataset.member = member;
      this.legend.append(item.element);
    }
  }

  private toggleMember(member: string, on: boolean): void {
    if (on) this.hidden.delete(member);
    else this.hidden.add(member);
    this.board.setHidden(this.hidden);
    this.persist();
  }

  private setRange(range: RangeId): void {
    this.range = range;
    this.persist();
    post({ type: 'setRange', range });
  }

  private setLive(live: boolean): void {
    this.live = live;
    this.persist();
    post({ type: 'setLive', live });
  }

  /** Centres every chart on an event (half the range either side) and pauses, so it stays put. */
  private centreOn(at: number): void {
    const half = RANGE_MS[this.range] / 2;
    if (this.live) {
      this.live = false;
      this.liveToggle.set(false);
      post({ type: 'setLive', live: false });
    }
    this.board.setWindow({ min: at - half, max: at + half });
    document.body.dataset.centredOn = String(at);
    this.persist();
  }

  private persist(): void {
    if (this.clusterId === '') return;
    const state: DashboardState = { clusterId: this.clusterId, range: this.range, hidden: [...this.hidden].slice(0, 64), live: this.live };
    const key = JSON.stringify(state);
    if (key === this.savedKey) return;
    this.savedKey = key;
    saveState(state);
  }
}

new Dashboard(document.getElementById('app') ?? document.body);
