import { RegistryAuth } from '@/registry/auth';

// Apart from registry-client.ts so that the app shell (who is signed in, sign-in redirects) can read it without
// loading the registry client, which only the pages need.
let auth: RegistryAuth | undefined;

/** The credentials and tokens of the app's registry client: one per page. */
export function getRegistryAuth(): RegistryAuth {
  auth ??= new RegistryAuth();
  return auth;
}

/** Tests install the auth of the client they install. */
export function setRegistryAuthForTests(next: RegistryAuth | undefined): void {
  auth = next;
}
