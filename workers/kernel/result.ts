// Domain rejections are values, not exceptions (they must also cross Durable Object RPC, where custom errors do not survive).
export type Ok<T> = { ok: true; value: T };
export type Rejected = { ok: false; code: string; message: string; field?: string; details?: Record<string, unknown> };
export type Result<T> = Ok<T> | Rejected;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const reject = (code: string, message: string, field?: string, details?: Record<string, unknown>): Rejected =>
  field === undefined && details === undefined ? { ok: false, code, message } : { ok: false, code, message, ...(field ? { field } : {}), ...(details ? { details } : {}) };
