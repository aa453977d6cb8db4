export * from './protocol';
export * from './errors';
export * from './schemas';
export * from './events';
export * from './circle';
export * from './api';
export * from './hysteresis';
