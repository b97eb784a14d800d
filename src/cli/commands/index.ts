import type { CliCommand } from '../command';
import { lintCommand } from './lint';
import { probeCommand } from './probe';
import { sandboxCommand } from './sandbox';

/** Every `zkops` subcommand, in the order `zkops help` lists them. */
export const commands: readonly CliCommand[] = [sandboxCommand, probeCommand, lintCommand];
