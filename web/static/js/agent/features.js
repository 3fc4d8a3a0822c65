/**
 * Feature detection for the agent workspace: each control appears only when the broker serves the endpoint
 * behind it. The broker describes every HTTP endpoint in its OpenAPI document (`GET /openapi/v1.json`), so one
 * request tells which exist, without probing (a probe's 404 would also be logged as an error by the browser).
 * Whether the agent is an administrator comes from `GET /api/agents/me`.
 *
 * @module agent/features
 */

import { api } from '../common.js';

/** Feature → [method, path template] (path parameters written `{}`). */
const endpoints = {
  cannedResponses: ['get', '/api/canned-responses'],
  suggestions: ['get', '/api/conversations/{}/suggestions'],
  labels: ['put', '/api/conversations/{}/labels'],
  transcript: ['get', '/api/conversations/{}/transcript'],
  transcriptEmail: ['post', '/api/conversations/{}/transcript/email'],
  invitations: ['post', '/api/invitations'],
  tickets: ['post', '/api/tickets'],
  agentAccounts: ['get', '/api/agents'],
  ownAccount: ['get', '/api/agents/me'],
};

/**
 * Reads the OpenAPI document once and answers which features exist.
 * @param {string} token the agent's bearer token
 * @returns {Promise<Record<string, boolean> & {admin: boolean}>} feature → available; `admin` for administrators
 */
export async function detectFeatures(token) {
  /** @type {Set<string>} "method path" with parameters as {} */
  const served = new Set();
  try {
    const document = await api('/openapi/v1.json');
    for (const [path, operations] of Object.entries(document?.paths ?? {})) {
      for (const method of Object.keys(operations ?? {})) served.add(`${method.toLowerCase()} ${path.replace(/\{[^}]*\}/gu, '{}')}`);
    }
  } catch {
    /* no OpenAPI document: no optional feature */
  }
  const features = Object.fromEntries(Object.entries(endpoints).map(([name, [method, path]]) => [name, served.has(`${method} ${path}`)]));
  features.admin = false;
  if (features.ownAccount) {
    try {
      features.admin = Boolean((await api('/api/agents/me', { token }))?.admin);
    } catch {
      /* not an agent account the broker knows: no admin link */
    }
  }
  return features;
}
