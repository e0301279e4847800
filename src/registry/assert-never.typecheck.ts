/*
 * A type-level test, compiled by `tsc --noEmit -p .` (npm run typecheck) and never run: each switch below
 * leaves one member of a union unhandled, so `assertNever` must not compile there. If it ever does (the
 * parameter stops being `never`, or a union widens to string), the `@ts-expect-error` lines are unused
 * and tsc fails.
 */
import { assertNever } from './assert-never';
import { MediaType, type ManifestMediaType } from './media-types';
import type { Manifest } from './types';

/** Every manifest type handled: compiles. */
export function complete(m: Manifest): string {
  switch (m.mediaType) {
    case MediaType.OciManifest:
    case MediaType.DockerManifest:
    case MediaType.OciIndex:
    case MediaType.DockerManifestList:
    case MediaType.DockerSchema1:
    case MediaType.DockerSchema1Signed:
      return m.mediaType;
    default:
      return assertNever(m);
  }
}

/** Schema1 forgotten: `m` is a Schema1Manifest at the default, not never. */
export function missingSchema1(m: Manifest): string {
  switch (m.mediaType) {
    case MediaType.OciManifest:
    case MediaType.DockerManifest:
    case MediaType.OciIndex:
    case MediaType.DockerManifestList:
      return m.mediaType;
    default:
      // @ts-expect-error a manifest type is not handled
      return assertNever(m);
  }
}

/** The same over the media type alone: the Docker manifest list forgotten. */
export function missingList(t: ManifestMediaType): string {
  switch (t) {
    case MediaType.OciManifest:
    case MediaType.DockerManifest:
    case MediaType.OciIndex:
    case MediaType.DockerSchema1:
    case MediaType.DockerSchema1Signed:
      return t;
    default:
      // @ts-expect-error a media type is not handled
      return assertNever(t);
  }
}

/** A plain string is not a union: it can never be exhausted. */
export function anyString(t: string): string {
  switch (t) {
    case MediaType.OciManifest:
      return t;
    default:
      // @ts-expect-error string is not never
      return assertNever(t);
  }
}
