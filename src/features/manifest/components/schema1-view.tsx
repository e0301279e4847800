import { useTranslation } from '@/lib/i18n';
import type { Schema1Manifest } from '@/registry/types';
import { schema1Layers } from '../utils/schema1-layers';
import { Field, Section, Text } from './fields';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { Cell, Row, Table } from '@/components/ui/table';

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
          <Table
            label={label}
            columns={[
              { key: 'n', header: '#' },
              { key: 'digest', header: t('manifest.digest') },
              { key: 'madeBy', header: t('manifest.madeBy') },
              { key: 'layer', header: t('manifest.layer') },
            ]}
          >
            {layers.map((l) => (
              <Row key={l.position} top>
                <Cell className="tabular-nums">{l.position}</Cell>
                <Cell mono><span title={l.blobSum}>{l.blobSum.slice(0, 19)}</span></Cell>
                <Cell className="text-xs"><Text mono>{l.createdBy}</Text></Cell>
                <Cell className="text-xs">{l.empty ? t('manifest.emptyLayer') : t('manifest.sizeUnknown')}</Cell>
              </Row>
            ))}
          </Table>
        </ScrollRegion>
      </Section>
    </div>
  );
}
