/**
 * An agent's invitation link (docs/protocol.md §14 "Invitations"): the customer page opened with
 * `?invitation=<customer token>`. The token is used as the page's own token, so the visitor becomes the customer of
 * the invited conversation. The parameter is removed from the address bar (it is a credential).
 */

/** Decodes a JWT's payload (no verification: the broker verifies the token on CONNECT). */
function payloadOf(token) {
  const part = token.split('.')[1];
  if (!part) return null;
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * The session an invitation link in the page's URL stands for, or null when there is none or it is unreadable or
 * expired: `{token, userId, name, expiresAt, rated: [], readUpTo: {}}`.
 * @param {Location} [location]
 */
export function readInvitation(location = window.location) {
  const url = new URL(location.href);
  const token = url.searchParams.get('invitation');
  if (!token) return null;
  url.searchParams.delete('invitation');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  try {
    const claims = payloadOf(token);
    if (!claims || claims.role !== 'customer' || !claims.sub || typeof claims.exp !== 'number') return null;
    const expiresAt = new Date(claims.exp * 1000);
    if (expiresAt <= new Date()) return null;
    return { token, userId: claims.sub, name: claims.name ?? 'Guest', expiresAt: expiresAt.toISOString(), rated: [], readUpTo: {} };
  } catch {
    return null;
  }
}
