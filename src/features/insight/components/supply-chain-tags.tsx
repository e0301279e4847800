import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { paths } from '@/config/paths';
import type { SupplyChainKind, SupplyChainTag } from '@/registry/referrers';

const KIND_KEY: Record<SupplyChainKind, string> = {
  signature: 'insight.badge.signature',
  attestation: 'insight.badge.attestation',
  sbom: 'insight.badge.sbom',
  referrers: 'insight.badge.referrers',
};

/**
 * The checkbox that mixes signature, attestation and referrers tags back into the tag list.
 * `checked` comes from the URL, which the router updates in a transition: the box shows the
 * click at once and follows the URL whenever it changes (back, a deep link).
 */
export function SupplyChainToggle({ count, checked, onChange }: { count: number; checked: boolean; onChange: (show: boolean) => void }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(checked);
  const [fromUrl, setFromUrl] = useState(checked);
  if (fromUrl !== checked) {
    setFromUrl(checked);
    setShown(checked);
  }
  if (count === 0) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        checked={shown}
        onChange={(e) => {
          setShown(e.target.checked);
          onChange(e.target.checked);
        }}
        className="h-4 w-4 accent-teal-700"
      />
      <span>{t('insight.showSupplyChain', { count })}</span>
    </label>
  );
}

/** Marks on an image's row for the signatures and attestations stored about it, each a link to its tag. */
export function SupplyChainBadges({ repo, items }: { repo: string; items: readonly SupplyChainTag[] | undefined }) {
  const { t } = useTranslation();
  if (!items?.length) return null;
  return (
    <span className="ml-1 inline-flex flex-wrap gap-1">
      {items.map((item) => (
        <Link
          key={item.tag}
          to={paths.tag(repo, item.tag)}
          title={item.tag}
          className="rounded bg-emerald-100 px-1 text-emerald-900 hover:underline dark:bg-emerald-900 dark:text-emerald-100"
        >
          {t(KIND_KEY[item.kind])}
        </Link>
      ))}
    </span>
  );
}
