// Types for fault-proxy.mjs, for the TypeScript e2e specs that import it.

export type Fault = 'status' | 'hang' | 'reset' | 'truncate' | 'malformed-json' | 'drop-digest' | 'wrong-digest' | 'tamper' | 'delay' | 'body';

export interface FaultRule {
  method?: string | string[];
  path?: string | RegExp;
  pathRegex?: string;
  fault: Fault | Fault[];
  times?: number;
  status?: number;
  retryAfter?: string;
  html?: boolean;
  digest?: string;
  ms?: number;
  body?: string;
  contentType?: string;
}

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  fault: string | null;
  status?: number;
  at: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  requests: RecordedRequest[];
  setRules(rules: FaultRule[]): void;
  addRule(rule: FaultRule): void;
  clear(): void;
  find(method?: string, path?: string | RegExp): RecordedRequest[];
  close(): Promise<void>;
}

export function startFaultProxy(options: { upstream: string; port?: number; host?: string }): Promise<FaultProxy>;
