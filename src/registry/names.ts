// distribution-spec "Pulling manifests": <name> and <reference> grammars. Validated before a URL is built,
// so no registry-supplied or typed-in value can reshape a request path.
const NAME_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** True for a repository name the distribution-spec allows (255 characters at most). */
export function isValidRepositoryName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && NAME_RE.test(name);
}

/** True for a tag the distribution-spec allows (128 characters at most). */
export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}
