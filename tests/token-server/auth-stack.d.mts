// Types for auth-stack.mjs, for the TypeScript e2e specs that import it.
import type { Grant } from './token-server.mjs';

export function htpasswdFile(dir: string, users: Record<string, string>): string;

export interface TestRegistryClient {
  send(method: string, path: string, options?: { headers?: Record<string, string>; body?: Buffer | string; statuses?: number[] }): Promise<Response>;
  pushImage(repo: string, tags: string[], options?: { created?: string }): Promise<string>;
  tags(repo: string): Promise<string[]>;
}

export function registryClient(registry: string, credentials?: { username: string; password: string }): TestRegistryClient;

export const ALL: Grant[];
export const READ_ONLY: Grant[];
