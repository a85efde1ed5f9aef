export * from './common.js';
export * from './users.js';
export * from './auth.js';
export * from './networks.js';
export * from './forum.js';
export * from './realtime.js';
export * from './audit.js';
export * from './events.js';
