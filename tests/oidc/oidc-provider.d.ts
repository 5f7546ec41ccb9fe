// The few parts of oidc-provider 9 (which ships no types) that provider.mjs uses; see its
// docs/README.md for the full API (not @types/oidc-provider: a package for a handful of members).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  interface Interaction {
    uid: string;
    grantId?: string;
    params: Record<string, any>;
    session?: { accountId: string };
    prompt: {
      name: 'login' | 'consent' | string;
      details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    };
  }

  class Check {
    constructor(reason: string, description: string, check: (ctx: any) => boolean | Promise<boolean>);
    static REQUEST_PROMPT: true;
    static NO_NEED_TO_PROMPT: false;
  }

  class Prompt {
    constructor(options: { name: string; requestable: boolean });
    checks: Check[];
  }

  export const interactionPolicy: {
    Check: typeof Check;
    Prompt: typeof Prompt;
    base(): Prompt[] & { add(prompt: Prompt, index?: number): void; get(name: string): Prompt | undefined };
  };

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    Grant: { new (properties: { accountId?: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
    /** A refresh token by its value, with the authentication methods of the sign-in it came from. */
    RefreshToken: { find(value: string): Promise<{ amr?: string[] } | undefined> };
    use(middleware: (ctx: any, next: () => Promise<void>) => Promise<void>): void;
    /** Provider events (it is a Koa application and an EventEmitter), such as `end_session.success`. */
    on(event: string, listener: (...args: any[]) => void): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>): Promise<void>;
  }
}
