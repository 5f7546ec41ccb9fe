// @ts-check
/**
 * Sign-in for the page when it runs inside the extension (its "full assistant" tab): MSAL's
 * popup and redirect flows need an https redirect URI, which an extension page does not have,
 * so this runs the authorization-code flow with PKCE itself over `chrome.identity.launchWebAuthFlow`
 * (redirect URI `https://<extension id>.chromiumapp.org/`, registered as a single-page app). The
 * tokens live in this module's memory only; the refresh token renews the access token. When ARM
 * asks for claims (a write refused for want of multi-factor authentication), the refresh token is
 * asked for them, and when Entra ID refuses (the sign-in had no MFA) the auth window opens again
 * with the claims request, where Entra ID asks for MFA.
 * @module
 */

/**
 * @typedef {{ authorize: string, token: string }} Endpoints
 * @typedef {{ access_token: string, refresh_token?: string, expires_in?: number, id_token?: string }} TokenAnswer
 */

/** True when the page runs as an extension page that may use chrome.identity. */
export function canUseWebAuthFlow() {
  const api = /** @type {{ chrome?: { identity?: { launchWebAuthFlow?: unknown } } }} */ (/** @type {unknown} */ (globalThis)).chrome;
  return typeof api?.identity?.launchWebAuthFlow === 'function';
}

/**
 * The authorization and token endpoints: Entra ID's for a tenant, or an OpenID Connect issuer's
 * from its discovery document.
 * @param {{ login?: string, tenant?: string, issuer?: string }} where
 * @returns {Promise<Endpoints>}
 */
export async function endpoints({ login, tenant, issuer }) {
  if (issuer !== undefined) {
    const answer = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!answer.ok) throw new Error(`the sign-in authority's discovery document answered ${answer.status}`);
    const document = await answer.json();
    return { authorize: String(document.authorization_endpoint), token: String(document.token_endpoint) };
  }
  const base = `${login}/${encodeURIComponent(tenant || 'organizations')}/oauth2/v2.0`;
  return { authorize: `${base}/authorize`, token: `${base}/token` };
}

/**
 * Who a token is for (its `preferred_username`, `upn` or `sub`), or "you". Only read for the
 * name shown: the tokens are checked by the services that receive them.
 * @param {string} token
 */
function username(token) {
  try {
    const claims = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    return String(claims.preferred_username ?? claims.upn ?? claims.unique_name ?? claims.sub ?? 'you');
  } catch {
    return 'you';
  }
}

/** @param {Uint8Array} bytes */
function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** @param {number} length */
function random(length) {
  return base64url(crypto.getRandomValues(new Uint8Array(length)));
}

/**
 * Signs in in the browser's auth window and returns a token source. `getToken(refresh, request)`
 * renews with the refresh token; with `request.claims` (a claims request, JSON) it asks the
 * refresh token for them, and signs in again in the auth window with them when that is refused.
 * @param {{ endpoints: Endpoints, clientId: string, scope: string }} options
 * @returns {Promise<{ username: string, getToken: (refresh: boolean, request?: { claims: string }) => Promise<string> }>}
 */
export async function signInWithWebAuthFlow({ endpoints: { authorize, token }, clientId, scope }) {
  const identity = /** @type {typeof chrome.identity} */ (/** @type {any} */ (globalThis).chrome.identity);
  const redirectUri = identity.getRedirectURL();
  const scopes = `openid profile offline_access ${scope}`;

  /** @param {Record<string, string>} form @returns {Promise<TokenAnswer>} */
  const tokens = async (form) => {
    const reply = await fetch(token, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: clientId, ...form }) });
    const body = await reply.json().catch(() => ({}));
    // The error's code and description only: never the request, which holds the code or token.
    if (!reply.ok || typeof body.access_token !== 'string') throw new Error(`the token endpoint refused: ${body.error ?? reply.status}${body.error_description ? `: ${body.error_description}` : ''}`);
    return body;
  };

  /**
   * The authorization-code flow in the auth window, then the code for tokens.
   * @param {Record<string, string>} extra more authorization parameters (prompt, claims)
   */
  const signIn = async (extra) => {
    const verifier = random(32);
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const state = random(16);
    const url = new URL(authorize);
    for (const [key, value] of Object.entries({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: scopes,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      nonce: random(16),
      ...extra,
    })) {
      url.searchParams.set(key, value);
    }
    const landed = await identity.launchWebAuthFlow({ url: url.href, interactive: true });
    if (landed === undefined) throw new Error('sign-in was closed before it finished');
    const back = new URL(landed);
    const answer = new URLSearchParams(back.search || back.hash.slice(1));
    if (answer.get('error')) throw new Error(`sign-in failed: ${answer.get('error')}${answer.get('error_description') ? `: ${answer.get('error_description')}` : ''}`);
    if (answer.get('state') !== state) throw new Error('sign-in failed: the answer is not for this request (state)');
    const code = answer.get('code');
    if (!code) throw new Error('sign-in failed: no authorization code came back');
    return tokens({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, scope: scopes, ...(extra.claims ? { claims: extra.claims } : {}) });
  };

  let current = await signIn({ prompt: 'select_account' });
  let expires = Date.now() + (current.expires_in ?? 3600) * 1000;
  /** @param {TokenAnswer} renewed */
  const keep = (renewed) => {
    current = { ...renewed, refresh_token: renewed.refresh_token ?? current.refresh_token };
    expires = Date.now() + (current.expires_in ?? 3600) * 1000;
  };
  return {
    // The ID token names the user; the access token (for ARM) may only carry an object id.
    username: username(current.id_token ?? current.access_token),
    getToken: async (refresh, request) => {
      if (request !== undefined) {
        try {
          if (!current.refresh_token) throw new Error('no refresh token');
          keep(await tokens({ grant_type: 'refresh_token', refresh_token: current.refresh_token, scope: scopes, claims: request.claims }));
        } catch {
          // Refused (interaction_required: the sign-in had no MFA): sign in again with the claims.
          keep(await signIn({ claims: request.claims }));
        }
      } else if (refresh || Date.now() > expires - 120_000) {
        if (!current.refresh_token) throw new Error('the session has expired: sign in again');
        keep(await tokens({ grant_type: 'refresh_token', refresh_token: current.refresh_token, scope: scopes }));
      }
      return current.access_token;
    },
  };
}
