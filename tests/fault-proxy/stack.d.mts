// Types for stack.mjs, for the TypeScript e2e specs that import it.
import type { FaultProxy } from './fault-proxy.mjs';

export const ROOT: string;
export const ACCEPT: string;
export function sha256(bytes: Buffer | string): string;
export function freePort(): Promise<number>;
export function waitFor(
  url: string,
  options?: { timeoutMs?: number; ok?: (response: Response) => boolean; child?: import('node:child_process').ChildProcess; log?: string },
): Promise<void>;
export function appDir(options?: { fake?: boolean | 'always'; tmp?: string }): string;

export interface UiInstance {
  url: string;
  origin: string;
  port: number;
  log: string;
  runtimeDir: string;
}

export class Stack {
  constructor(name: string);
  tmp: string;
  registry(env?: Record<string, string>): Promise<string>;
  faultProxy(upstream: string): Promise<FaultProxy>;
  ui(env: Record<string, string>, options?: { fakeBuild?: boolean | 'always'; build?: string }): Promise<UiInstance>;
  stop(): Promise<void>;
}

export interface PushedImage {
  digest: string;
  manifest: { config: { digest: string; size: number }; layers: { digest: string; size: number; mediaType: string }[]; annotations?: Record<string, string> };
  config: Record<string, unknown>;
}

export function pushBlob(registry: string, repo: string, bytes: Buffer | string): Promise<{ digest: string; size: number }>;
export function putManifest(registry: string, repo: string, ref: string, manifest: object | Buffer, mediaType?: string): Promise<string>;
export function pushImage(
  registry: string,
  repo: string,
  tags: string[],
  options?: {
    labels?: Record<string, string>;
    layers?: number | Buffer[];
    annotations?: Record<string, string>;
    created?: string;
    platform?: { os: string; architecture: string; variant?: string };
    seed?: string;
  },
): Promise<PushedImage>;
export function deleteManifest(registry: string, repo: string, digest: string): Promise<void>;
export function headDigest(registry: string, repo: string, ref: string): Promise<string | undefined>;
