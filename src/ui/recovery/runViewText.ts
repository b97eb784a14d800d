import type { RunbookRun } from './run';

/*
 * The run view's text: a banner with what happens now (or how it ended), then the run log's own
 * Markdown (checklist of steps with states, evidence, every entry). No vscode import.
 */

/** Server and user text stays text in the preview: no links, images, HTML or emphasis. */
function text(value: string): string {
  return value.replace(/[<>[\]`*_\\]/g, '\\$&');
}

export function runViewMarkdown(run: RunbookRun): string {
  const banner: string[] = [];
  if (run.running) {
    banner.push(`> **Running** on ${text(run.clusterName)}: ${text(run.now)}`);
  } else {
    const changed = run.acted === 0 ? 'nothing was changed' : `${run.acted} action${run.acted === 1 ? '' : 's'} taken`;
    banner.push(
      `> **Ended: ${run.status}** on ${text(run.clusterName)} (${changed}). Save this log with **ZooKeeper: Save Runbook Log as Markdown…**`,
    );
  }
  if (run.openedFor) banner.push('>', `> Opened for: ${text(run.openedFor)}`);
  return `${banner.join('\n')}\n\n${run.log.toMarkdown()}`;
}
