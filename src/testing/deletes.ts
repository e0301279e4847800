import { http } from 'msw';
import { server } from './msw/server';
import { REGISTRY, fixture, replay } from './msw/handlers';

/** Answers every manifest DELETE in `repo` as the registry did (202) and records the references sent. */
export function recordDeletes(repo = 'demo/alpine'): string[] {
  const deletes: string[] = [];
  server.use(
    http.delete(`${REGISTRY}/v2/${repo}/manifests/:ref`, ({ params }) => {
      deletes.push(String(params.ref));
      return replay(fixture('delete-manifest-by-digest'));
    }),
  );
  return deletes;
}

/** jsdom has no modal dialogs: without showModal/close the dialog component falls back to the open attribute. */
export function withoutModalDialogs(): void {
  beforeAll(() => {
    delete (HTMLDialogElement.prototype as { showModal?: unknown }).showModal;
    delete (HTMLDialogElement.prototype as { close?: unknown }).close;
  });
}
