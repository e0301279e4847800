// Types for token-server.mjs, for the TypeScript e2e specs that import it.
export interface Grant {
  type: 'repository' | 'registry';
  name: string;
  actions: string[];
}

export interface TokenRequest {
  account: string;
  anonymous: boolean;
  scopes: string[];
  service: string | null;
  status: number;
  granted: Grant[];
  authorization: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface TokenServer {
  url: string;
  realm: string;
  service: string;
  issuer: string;
  certPath: string;
  keyPath: string;
  requests: TokenRequest[];
  expiresIn: number;
  staleNext(n?: number): void;
  registryEnv(): Record<string, string>;
  close(): Promise<void>;
}

export function parseScope(scope: string): { type: string; name: string; actions: string[] } | undefined;
export function grantedAccess(grants: Grant[], scopes: string[]): Grant[];
export function makeKeyPair(dir: string, subject?: string): { keyPath: string; certPath: string };
export function startTokenServer(options: {
  dir: string;
  users?: Record<string, { password: string; grants: Grant[] }>;
  anonymous?: Grant[];
  service?: string;
  issuer?: string;
  expiresIn?: number;
  port?: number;
  path?: string;
}): Promise<TokenServer>;
