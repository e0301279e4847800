import type { TFunction } from '@/lib/translate';
import type { DeleteReason, KeepReason, RetentionRules } from './retention';

/** Why a tag goes or stays, in words: the preview's "Why" column and the command line's plan say the same. */
export function reasonText(t: TFunction, r: KeepReason | DeleteReason, rules: RetentionRules): string {
  switch (r.kind) {
    case 'newest':
    case 'beyond-newest':
      return t(`cleanup.reason.${r.kind}`, { rank: r.rank, n: rules.keepNewest ?? 0 });
    case 'recent':
    case 'older':
      return t(`cleanup.reason.${r.kind}`, { count: r.ageDays, limit: rules.olderThanDays ?? 0 });
    case 'shares-digest':
    case 'in-kept-index':
      return t(`cleanup.reason.${r.kind}`, { tag: r.with });
    case 'describes':
      return t(`cleanup.artifacts.kind.${r.what}`, { tag: r.of });
    default:
      return t(`cleanup.reason.${r.kind}`);
  }
}
