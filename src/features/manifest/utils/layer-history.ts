import { imageSize } from '@/registry/manifests';
import type { Descriptor, SingleManifest } from '@/registry/types';
import type { HistoryFacts } from './config-facts';

/** One step of the history, placed among the layers. */
export interface HistoryStep extends HistoryFacts {
  /** Position in the config's history, from 1. */
  position: number;
  /** The layer (from 1) this step made; undefined for empty-layer steps and steps past the last layer. */
  layer?: number;
}

/** One layer with its share of the image and the step that made it. */
export interface LayerRow {
  /** From 1, bottom layer first, as in the manifest. */
  position: number;
  descriptor: Descriptor;
  /** size / image total (config + layers), 0..1. */
  share: number;
  step?: HistoryStep;
}

export interface LayerHistory {
  layers: LayerRow[];
  steps: HistoryStep[];
  /** Compressed config + layers: what a pull of this platform transfers. */
  total: number;
  /** The config's history does not have one non-empty step per layer (some build tools write it so). */
  mismatch: boolean;
}

/**
 * Places the history among the layers. The n-th history entry without `empty_layer` made the n-th layer
 * (image-spec config.md, "history"; `docker history` walks it the same way); empty-layer entries (ENV, CMD,
 * LABEL …) sit between them in order, making no layer.
 */
export function layerHistory(manifest: SingleManifest, history: readonly HistoryFacts[] = []): LayerHistory {
  const total = imageSize(manifest);
  let next = 0;
  const steps: HistoryStep[] = history.map((h, i) => {
    const step: HistoryStep = { ...h, position: i + 1 };
    if (!h.empty && next < manifest.layers.length) step.layer = ++next;
    return step;
  });
  const nonEmpty = history.filter((h) => !h.empty).length;
  // by layer, not a search per layer: 27,000 layers (the most distribution takes in 4 MiB) would be 700M steps
  const byLayer = new Map<number, HistoryStep>();
  for (const s of steps) if (s.layer !== undefined) byLayer.set(s.layer, s);
  const layers = manifest.layers.map((d, i) => {
    const row: LayerRow = { position: i + 1, descriptor: d, share: total > 0 ? d.size / total : 0 };
    const step = byLayer.get(i + 1);
    if (step) row.step = step;
    return row;
  });
  return { layers, steps, total, mismatch: history.length > 0 && nonEmpty !== manifest.layers.length };
}

