import { useTranslation } from 'react-i18next';
import type { Schema1Manifest } from '@/registry/types';
import { schema1Layers } from '../utils/image';
import { Field, Section, Text } from './fields';
import { ScrollRegion } from '@/components/ui/scroll-region';

/** Docker schema 1: deprecated, shown read-only. It states no sizes, so none are made up. */
export function Schema1View({ manifest }: { manifest: Schema1Manifest }) {
  const { t } = useTranslation();
  const layers = schema1Layers(manifest);
  const label = t('manifest.layers', { count: layers.length });
  return (
    <div className="space-y-6">
      <Section title={t('manifest.schema1Title')} tone="warning">
        <p className="text-sm">{t('manifest.schema1Hint')}</p>
        <dl className="mt-2 text-sm">
          <Field label={t('manifest.schema1Name')}><Text>{manifest.name}</Text></Field>
          <Field label={t('manifest.schema1Tag')}><Text>{manifest.tag}</Text></Field>
          <Field label={t('manifest.architecture')}><Text>{manifest.architecture}</Text></Field>
        </dl>
      </Section>
      <Section title={label}>
        <ScrollRegion label={label}>
          <table className="w-full text-sm" aria-label={label}>
            <thead className="bg-slate-100 text-left dark:bg-slate-800">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">#</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('manifest.digest')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('manifest.madeBy')}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t('manifest.layer')}</th>
              </tr>
            </thead>
            <tbody>
              {layers.map((l) => (
                <tr key={l.position} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <td className="px-3 py-1.5 tabular-nums">{l.position}</td>
                  <td className="px-3 py-1.5 font-mono text-xs"><span title={l.blobSum}>{l.blobSum.slice(0, 19)}</span></td>
                  <td className="px-3 py-1.5 text-xs"><Text mono>{l.createdBy}</Text></td>
                  <td className="px-3 py-1.5 text-xs">{l.empty ? t('manifest.emptyLayer') : t('manifest.sizeUnknown')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </Section>
    </div>
  );
}
