/**
 * The board page's data: one page of `GET /api/v1/board` (the server sorts, filters and pages the stored
 * board rows: src/clinic/board-page.ts), with the page, the order and the filters the user chose.
 */
import { useEffect, useState } from 'react';
import { api, errorText, type Board } from './api.ts';

/** The board's orders and filters, as the API names them. */
export const BOARD_SORTS = {
  risk: 'Risk (overdue first)',
  name: 'Name',
  'refill-by': 'Refill-by date',
  'pathway-due': 'Care pathway due',
} as const;
export const BOARD_FILTERS = {
  overdue: 'Overdue, empty, unknown, not delivering, replacement overdue or past EOS',
  'high-risk': 'High withdrawal risk',
  eri: 'Battery at ERI, replacement overdue or past EOS',
  alerts: 'Open alerts',
  'pathway-due': 'Care pathway item due',
} as const;
export type BoardSortName = keyof typeof BOARD_SORTS;
export type BoardFilterName = keyof typeof BOARD_FILTERS;

/** Rows per page: the first screen of a clinic's board. */
export const BOARD_PAGE_SIZE = 100;

export function useBoard() {
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<BoardSortName>('risk');
  const [filters, setFilters] = useState<readonly BoardFilterName[]>([]);
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const q = new URLSearchParams({
      page: String(page),
      limit: String(BOARD_PAGE_SIZE),
      sort,
      filter: filters.join(','),
    });
    api.get<Board>(`/api/v1/board?${q.toString()}`).then(
      (b) => {
        if (live) {
          setBoard(b);
          setError(null);
        }
      },
      (e: unknown) => {
        if (live) setError(errorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, [page, sort, filters]);
  const pages = board === null ? 1 : Math.max(1, Math.ceil(board.total / board.limit));
  return {
    board,
    error,
    page,
    pages,
    sort,
    filters,
    setPage,
    /** A new order or filter starts again at page 1. */
    setSort: (s: BoardSortName) => {
      setSort(s);
      setPage(1);
    },
    toggleFilter: (f: BoardFilterName) => {
      setFilters((now) => (now.includes(f) ? now.filter((x) => x !== f) : [...now, f]));
      setPage(1);
    },
  };
}
