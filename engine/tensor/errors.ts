// Errors raised by the engine, carrying the Python exception type and PyTorch's exact text.
export type TorchErrorType = 'RuntimeError' | 'IndexError' | 'ValueError' | 'TypeError' | 'NotImplementedError' | 'MemoryError';

export class TorchError extends Error {
  constructor(public pyType: TorchErrorType, message: string) {
    super(message);
  }
}
