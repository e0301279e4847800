// @vitest-environment node
import { fetched } from '@/testing/captured';
import type { Schema1Manifest } from '@/registry/types';
import { schema1Layers } from './schema1-layers';

describe('schema1', () => {
  it('lists the layers bottom first with the step that made each, throwaway steps marked', () => {
    const m = fetched('manifest-get-alpine-no-accept').manifest as Schema1Manifest;
    const rows = schema1Layers(m);
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(rows[0]!.createdBy).toBe('/bin/sh -c #(nop) ADD file:alpine-minirootfs-3.19.tar.gz in / ');
    expect(rows[1]!.createdBy).toBe('/bin/sh -c apk add --no-cache ca-certificates');
    expect(rows.map((r) => r.empty)).toEqual([false, false, true]);
    expect(rows[2]!.blobSum).toBe(m.fsLayers[0]!.blobSum);
  });
});
