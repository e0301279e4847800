import { RegistryError } from '@/registry/errors';

/** The RegistryError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function thrown(p: Promise<unknown>): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    return e as RegistryError;
  }
  throw new Error('expected a RegistryError');
}
