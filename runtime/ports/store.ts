import type { RunState } from '../model/run';

/** Where runs are kept between steps and waits. */
export interface RunStore {
  save(state: RunState): Promise<void>;
  load(runId: string): Promise<RunState | undefined>;
}
