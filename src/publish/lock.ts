// The lock moved to src/engine/lock.ts (atomic link, compare-and-swap take-over, nonce checks).
export { acquireLock, lockPath, type Lock } from '../engine/lock.ts';
