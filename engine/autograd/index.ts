export * from './grad_mode';
export * from './node';
export * from './function';
export * from './accumulate';
export * from './engine';
export * from './hooks';
export * from './events';
export * from './helpers';
