import type { SummaryView } from '../src/shared/dashboardProtocol';
import { tag } from './controls';

/*
 * The summary cards: the ensemble (leader, quorum, how many more members it can lose, versions)
 * and one card per member (mode, state, version, lag, why it is not up). Every string came from a
 * server or the user's settings: all of it is set with textContent.
 */

function el(tagName: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tagName);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function card(title: string, value: string, detail: string | null, severity: 'ok' | 'warn' | 'fail'): HTMLElement {
  const c = el('div', `card ${severity}`);
  c.append(el('div', 'card-title', title), el('div', 'card-value', value));
  if (detail) c.append(el('div', 'card-detail', detail));
  return c;
}

/** `3.8.0` of `3.8.0-abc…, built on …`; anything else as it came, cut to a card's width. */
function releaseOf(version: string): string {
  const release = /^\s*(\d+(?:\.\d+)*)/.exec(version)?.[1];
  return release ?? (version.length > 80 ? `${version.slice(0, 79)}…` : version);
}

export function renderSummary(root: HTMLElement, summary: SummaryView | null, colourOf: (member: string) => string): void {
  root.replaceChildren();
  if (!summary) {
    root.append(el('p', 'waiting', 'Waiting for the first probe round…'));
    return;
  }
  const severity = summary.status === 'pass' ? 'ok' : summary.status === 'warn' ? 'warn' : 'fail';
  const ensemble = el('div', 'cards ensemble');
  ensemble.append(
    card('Status', summary.status.toUpperCase(), summary.summary, severity),
    card('Leader', summary.leader ?? 'none', null, summary.leader ? 'ok' : 'fail'),
    card(
      'Quorum',
      summary.quorum ? 'yes' : 'NO',
      `${summary.servingVoters}/${summary.voters} voters serving`,
      summary.quorum ? 'ok' : 'fail',
    ),
    card(
      'Can lose',
      `${summary.canLose} more`,
      summary.canLose === 0 ? 'one more failure loses quorum' : null,
      summary.canLose === 0 ? 'warn' : 'ok',
    ),
    card(
      'Version',
      summary.versions.join(', ') || 'unknown',
      summary.versions.length > 1 ? 'mixed versions' : null,
      summary.versions.length > 1 ? 'warn' : 'ok',
    ),
  );
  const members = el('div', 'cards members');
  for (const m of summary.members) {
    const up = m.state === 'up';
    const c = el('div', `card member ${up ? 'ok' : 'fail'}`);
    c.dataset.member = m.address;
    c.style.borderTopColor = colourOf(m.address);
    const head = el('div', 'card-title');
    head.append(document.createTextNode(m.id !== null ? `${m.id} · ${m.address}` : m.address));
    const mode = el('div', 'card-value');
    mode.append(tag(up ? (m.role ?? 'up') : m.state.toUpperCase()));
    c.append(head, mode);
    const details = [
      m.version ? `version ${releaseOf(m.version)}` : null,
      m.lag !== null && m.role === 'follower' ? `lag ${m.lag}` : null,
      m.reason,
    ];
    for (const d of details) if (d) c.append(el('div', 'card-detail', d));
    members.append(c);
  }
  root.append(ensemble, members);
}
