import { render, screen, within } from '@testing-library/react';
import { Cell, GroupHeader, Row, RowHeader, SpacerRow, Table, type Column } from './table';

const columns: Column[] = [
  { key: 'name', header: 'Name', sort: 'ascending' },
  { key: 'size', header: 'Size', align: 'right', sort: 'none' },
  { key: 'note', header: 'Note' },
  { key: 'actions', header: 'Actions', hidden: true },
];

function Example({ padTop = 0, padBottom = 0 }: { padTop?: number; padBottom?: number }) {
  return (
    <Table label="Images" columns={columns} sticky aria-rowcount={3}>
      <SpacerRow height={padTop} />
      <Row rule={false}>
        <GroupHeader colSpan={4}>team</GroupHeader>
      </Row>
      <Row aria-rowindex={2}>
        <RowHeader>team/app</RowHeader>
        <Cell align="right">12 MB</Cell>
        <Cell mono>&lt;script&gt;</Cell>
        <Cell><button type="button">Delete team/app</button></Cell>
      </Row>
      <Row aria-rowindex={3}>
        <RowHeader>team/db</RowHeader>
        <Cell align="right">3 MB</Cell>
        <Cell />
        <Cell />
      </Row>
      <SpacerRow height={padBottom} />
    </Table>
  );
}

describe('Table', () => {
  it('is a table named by its label, with a header for every column, a hidden one included', () => {
    render(<Example />);
    const table = screen.getByRole('table', { name: 'Images' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Size', 'Note', 'Actions']);
    expect(within(table).getByRole('columnheader', { name: 'Actions' })).toBeInTheDocument();
    expect(table).toHaveAttribute('aria-rowcount', '3');
  });

  it('says which column the rows are sorted by, and only on the columns that sort', () => {
    render(<Example />);
    expect(screen.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'none');
    expect(screen.getByRole('columnheader', { name: 'Note' })).not.toHaveAttribute('aria-sort');
  });

  it('names each row by its row header, and a group by its heading', () => {
    render(<Example />);
    const row = screen.getByRole('row', { name: /team\/app/ });
    expect(within(row).getByRole('rowheader', { name: 'team/app' })).toBeInTheDocument();
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['12 MB', '<script>', 'Delete team/app']);
    expect(within(row).getByRole('button', { name: 'Delete team/app' })).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'team' })).toHaveAttribute('colspan', '4');
  });

  it('keeps the space of the rows it does not render out of what a screen reader reads', () => {
    const { rerender } = render(<Example />);
    const rows = () => screen.getAllByRole('row').length;
    expect(rows()).toBe(4); // the header row, the group and two rows
    rerender(<Example padTop={400} padBottom={800} />);
    expect(rows()).toBe(4);
    expect(screen.getAllByRole('row', { hidden: true })).toHaveLength(6);
  });
});
