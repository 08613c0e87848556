// Which runner this build uses: engine/trace's recorder (runTraced) behind the ScriptRunner seam.
import { runTraced } from '../trace';
import { runnerFrom } from './runner';
import type { ScriptRunner } from './runner';

export const engineRunner: ScriptRunner = runnerFrom(runTraced);
