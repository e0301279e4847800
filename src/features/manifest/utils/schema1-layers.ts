import { isObject } from '@/registry/json';
import type { Schema1Manifest } from '@/registry/types';

/*
 * A schema1 manifest carries its history as one JSON string per layer (v1Compatibility), of any shape: every
 * value is read defensively and comes out as text.
 */

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return undefined;
  return JSON.stringify(v);
}

function texts(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return v === null || v === undefined ? undefined : [text(v) ?? ''];
  return v.map((x) => text(x) ?? '');
}

/** One layer of a schema1 manifest, bottom first. Schema1 carries no sizes. */
export interface Schema1Layer {
  position: number;
  blobSum: string;
  created?: string;
  createdBy?: string;
  /** `throwaway`: the step made no filesystem change (its blob is the empty tar). */
  empty: boolean;
}

/** Schema1 lists layers and history newest first, one v1Compatibility JSON string per layer. */
export function schema1Layers(m: Schema1Manifest): Schema1Layer[] {
  const rows = m.fsLayers.map((l, i) => {
    let v1: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(m.history[i]?.v1Compatibility ?? '{}');
      if (isObject(parsed)) v1 = parsed;
    } catch {
      // shown without its step
    }
    const cc = isObject(v1.container_config) ? v1.container_config : {};
    const cmd = texts(cc.Cmd);
    return { blobSum: l.blobSum, created: text(v1.created), createdBy: cmd?.join(' '), empty: v1.throwaway === true };
  });
  return rows.reverse().map((r, i) => ({ ...r, position: i + 1 }));
}

