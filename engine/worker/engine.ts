// Which runner this build uses: engine/trace's recorder (runTraced) behind the ScriptRunner seam.
import { runTraced } from '../trace';
import { runnerFrom } from './runner';
import type { ScriptRunner } from './runner';

export const engineRunner: ScriptRunner = runnerFrom((source, options) =>
  runTraced(source, {
    fileName: options.fileName,
    ...(options.maxShortChars !== undefined ? { maxShortChars: options.maxShortChars } : {}),
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    // The engine stops the script itself at the limit (a TimeoutError, values so far kept);
    // the host ends the worker only if it is still busy a grace period later.
    ...(options.timeLimitMs !== undefined ? { timeLimitSeconds: options.timeLimitMs / 1000 } : {}),
  }),
);
