/**
 * Feature detection for the agent workspace: each control appears only when the broker serves the endpoint
 * behind it. A probe asks a route with a method it does not serve: a route that exists answers 405 (or 401/403/200
 * for a readable one), a missing route answers 404, and the control stays hidden.
 *
 * @module agent/features
 */

const probes = {
  cannedResponses: ['GET', '/api/canned-responses'],
  labels: ['GET', '/api/conversations/probe/labels'],
  transcript: ['POST', '/api/conversations/probe/transcript'],
  transcriptEmail: ['GET', '/api/conversations/probe/transcript/email'],
  invitations: ['GET', '/api/invitations'],
  tickets: ['GET', '/api/tickets?status=open'],
  agentAdmin: ['GET', '/api/agents'],
};

/**
 * Probes every feature once.
 * @param {string} token the agent's bearer token
 * @returns {Promise<Record<string, boolean> & {admin: boolean}>} feature → available; `admin` when GET /api/agents answers 200
 */
export async function detectFeatures(token) {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, [method, path]]) => {
      try {
        const response = await fetch(path, {
          method,
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
          credentials: 'same-origin',
        });
        return [name, response.status !== 404, response.status];
      } catch {
        return [name, false, 0];
      }
    }),
  );
  const features = Object.fromEntries(entries.map(([name, available]) => [name, available]));
  features.admin = entries.some(([name, , status]) => name === 'agentAdmin' && status === 200);
  return features;
}
