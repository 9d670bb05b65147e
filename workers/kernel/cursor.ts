import { ApiError } from "./errors";

// Opaque cursors: base64url of the last id seen. Clients must not build them; a forged one is a 400.
export function encodeCursor(lastId: string | null): string | null {
  return lastId === null ? null : btoa(lastId).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined, pattern = /^[a-z]{3}_[0-9A-Z]{26}$/): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const id = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    if (pattern.test(id)) return id;
  } catch {
    // fall through to the rejection below
  }
  throw new ApiError("INVALID_CURSOR", "the cursor is not one this API issued", "cursor");
}
