// Which runner this build uses. engine/trace (runTraced) is not written yet: until it lands,
// runs answer with an 'engine_unavailable' snapshot. Wire it with:
//   import { runTraced } from '../trace';
//   export const engineRunner = runnerFrom(runTraced);
import { unavailableRunner } from './runner';
import type { ScriptRunner } from './runner';

export const engineRunner: ScriptRunner = unavailableRunner;
