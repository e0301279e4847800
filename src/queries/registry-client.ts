import { createRegistryClient, type RegistryClient } from '@/registry/client';
import { getRuntimeConfig } from '@/config/runtime-config';
import { RequestQueue } from '@/lib/request-queue';
import { getRegistryAuth, setRegistryAuthForTests } from './registry-auth';

let client: RegistryClient | undefined;
let queue: RequestQueue | undefined;
/** The one registry client of the app, built from the runtime config. */
export function getRegistry(): RegistryClient {
  client ??= createRegistryClient({ baseUrl: getRuntimeConfig().registryUrl, auth: getRegistryAuth() });
  return client;
}

/** The one request queue every registry call goes through. */
export function getQueue(): RequestQueue {
  queue ??= new RequestQueue(6);
  return queue;
}

/** Tests install a client with an injected fetch and no retries. */
export function setRegistryForTests(next: RegistryClient | undefined): void {
  client = next;
  queue = undefined;
  setRegistryAuthForTests(next?.auth);
}
