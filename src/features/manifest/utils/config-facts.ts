import { configPlatform } from '@/registry/config';
import type { ImageConfig } from '@/registry/types';

/*
 * What the image view and the comparison show of an image config, derived from the config `parseConfig`
 * (registry/config.ts) checked when it was read: no parsing here, every value is already of its type.
 */

/** One step of an image's history, as read from the config. */
export interface HistoryFacts {
  created?: string;
  createdBy?: string;
  author?: string;
  comment?: string;
  /** `empty_layer: true`: the step changed metadata only and made no layer. */
  empty: boolean;
}

/** What the image view shows of an image config (OCI image-spec config.md; Docker's has the same fields). */
export interface ConfigFacts {
  created?: string;
  author?: string;
  os?: string;
  architecture?: string;
  variant?: string;
  osVersion?: string;
  /** `linux/arm/v7`, when os and architecture are known. */
  platform?: string;
  user?: string;
  workdir?: string;
  stopSignal?: string;
  env: string[];
  entrypoint?: string[];
  cmd?: string[];
  ports: string[];
  volumes: string[];
  labels: [string, string][];
  history: HistoryFacts[];
  diffIds: string[];
}

/** The facts the views show of a checked image config. */
export function configFacts(c: ImageConfig): ConfigFacts {
  const cfg = c.config ?? {};
  return {
    created: c.created,
    author: c.author,
    os: c.os || undefined,
    architecture: c.architecture || undefined,
    variant: c.variant || undefined,
    osVersion: c['os.version'],
    platform: configPlatform(c),
    user: cfg.User || undefined,
    workdir: cfg.WorkingDir || undefined,
    stopSignal: cfg.StopSignal || undefined,
    env: cfg.Env ?? [],
    entrypoint: cfg.Entrypoint ?? undefined,
    cmd: cfg.Cmd ?? undefined,
    ports: Object.keys(cfg.ExposedPorts ?? {}),
    volumes: Object.keys(cfg.Volumes ?? {}),
    labels: Object.entries(cfg.Labels ?? {}),
    history: (c.history ?? []).map((h) => ({ created: h.created, createdBy: h.created_by, author: h.author, comment: h.comment, empty: h.empty_layer === true })),
    diffIds: c.rootfs?.diff_ids ?? [],
  };
}
