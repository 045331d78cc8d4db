import { randomBytes } from 'node:crypto';
import os from 'node:os';

/** Random bytes drawn in blocks: one system call per 256 ids instead of one per id. */
const POOL_SIZE = 16 * 256;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

function takeRandom(target: Buffer): void {
  if (offset + target.length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  pool.copy(target, 0, offset, offset + target.length);
  offset += target.length;
}

/**
 * A time-ordered UUID (version 7): new runs and jobs land at the end of their B-tree indexes
 * instead of all over them, and ids sort by creation.
 */
export function newId(now: number): string {
  const bytes = Buffer.allocUnsafe(16);
  takeRandom(bytes);
  const time = BigInt(Math.max(0, Math.floor(now)));
  for (let i = 0; i < 6; i++) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Who holds a lease: `host|pid|instance`. Lets a restarted process spot leases of a dead one. */
export interface LeaseOwner {
  id: string;
  host: string;
  pid: number;
  instance: string;
}

export function createLeaseOwner(): LeaseOwner {
  const host = os.hostname();
  const instance = randomBytes(6).toString('hex');
  return { id: `${host}|${process.pid}|${instance}`, host, pid: process.pid, instance };
}

/**
 * True when `ownerId` names a process on this machine that is certainly gone: its pid is not
 * running, or it is our own pid with another instance (we replaced it, as in a container restart).
 * Owners on other machines are never judged here: their leases simply run out.
 */
export function isDeadLocalOwner(ownerId: string, self: LeaseOwner): boolean {
  const [host, pidText, instance] = ownerId.split('|');
  if (host !== self.host || pidText === undefined || instance === undefined) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === self.pid) return instance !== self.instance;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'ESRCH';
  }
}
