// Typed access to the contributed settings (package.json contributes.configuration).
import * as vscode from 'vscode';

const section = () => vscode.workspace.getConfiguration('gradscope');

export const settings = {
  liveMode: (): boolean => section().get<boolean>('liveMode', false),
  setLiveMode: (on: boolean) => section().update('liveMode', on, vscode.ConfigurationTarget.Global),
  liveDebounceMs: (): number => Math.max(0, section().get<number>('liveDebounceMs', 30)),
  timeLimitMs: (): number => Math.max(100, section().get<number>('timeLimitSeconds', 5) * 1000),
  memoryLimitMb: (): number => Math.max(64, section().get<number>('memoryLimitMb', 512)),
  inlineMaxWidth: (): number => Math.max(16, section().get<number>('inlineMaxWidth', 80)),
  zeroGradsMode: (): 'none' | 'zeros' => (section().get<string>('zeroGradsMode', 'none') === 'zeros' ? 'zeros' : 'none'),
  codeLens: (): boolean => section().get<boolean>('codeLens', true),
};
