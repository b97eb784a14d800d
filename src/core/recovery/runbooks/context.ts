import type { MemberControl } from '../control';
import type { EnsembleMemory } from '../memory';

/** What planning a runbook needs besides the report. */
export interface PlanContext {
  readonly control: MemberControl | undefined;
  readonly memory?: EnsembleMemory;
  /** How long each verify step waits. */
  readonly verifyTimeoutMs: number;
  /** The cluster's connect string, for commands the user is told to run. */
  readonly connect: string;
}
