import { randomBytes } from 'node:crypto';

/** A fresh id like `img_Xk3…` that matches the contract's id patterns. */
export function newId(prefix: 'img' | 'job'): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
