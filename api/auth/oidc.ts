// Single sign-on: OpenID Connect authorization code flow with PKCE (openid-client). The IdP says
// who the person is; the directory says what they may do (unless configured to take organisation
// and roles from the IdP's claims).
import * as oidc from 'openid-client';
import { ROLES, type Role } from '../../domain/vocabulary.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  userClaim: string;
  orgClaim?: string;
  rolesClaim?: string;
}

/** What the login redirect must remember until the callback: kept in a signed, short-lived cookie. */
export interface PendingLogin {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

export interface SignedInIdentity {
  login: string;
  name?: string;
  org?: string;
  roles?: Role[];
  idToken?: string;
}

export function createOidc(settings: OidcSettings) {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    // Discovered on first use (the IdP may start after us); a failed discovery is tried again next time.
    discovered ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        execute: new URL(settings.issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  return {
    async loginUrl(returnTo: string): Promise<{ url: string; pending: PendingLogin }> {
      const config = await configuration();
      const pending: PendingLogin = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), returnTo };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },

    /** Exchanges the code from the callback URL; throws when the IdP's answer does not check out. */
    async complete(callbackUrl: URL, pending: PendingLogin): Promise<SignedInIdentity> {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      let claims = tokens.claims() as Record<string, unknown> | undefined;
      // Many IdPs put profile claims only in the userinfo answer, not in the ID token.
      const wanted = [settings.userClaim, settings.orgClaim, settings.rolesClaim, 'name'].filter((c): c is string => Boolean(c));
      if (claims && wanted.some((c) => claims![c] === undefined) && config.serverMetadata().userinfo_endpoint) {
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub as string)), ...claims };
      }
      const login = claims?.[settings.userClaim];
      if (typeof login !== 'string' || !login) throw new Error(`the ID token has no ${settings.userClaim} claim`);
      const rawRoles = settings.rolesClaim ? claims?.[settings.rolesClaim] : undefined;
      const roles = (Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(/[\s,]+/) : []).filter((r): r is Role =>
        ROLES.includes(r as Role),
      );
      const org = settings.orgClaim ? claims?.[settings.orgClaim] : undefined;
      return {
        login,
        name: typeof claims?.name === 'string' ? claims.name : undefined,
        org: typeof org === 'string' ? org : undefined,
        roles: settings.rolesClaim ? roles : undefined,
        idToken: tokens.id_token,
      };
    },

    /** Where to send the browser to end the IdP's session too, when the IdP supports it. */
    async logoutUrl(idToken: string | null): Promise<string | undefined> {
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: settings.postLogoutRedirectUri, ...(idToken ? { id_token_hint: idToken } : {}) }).href;
    },
  };
}

export type Oidc = ReturnType<typeof createOidc>;
