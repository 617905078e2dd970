/** History imports as the API shows them (`/api/v1/w/:ws/imports`, docs/import.md). Types only; dates are ISO strings. */

export type ImportFormat = 'csv' | 'jsonl';

export interface RowError {
  line: number;
  message: string;
}

export interface ImportView {
  id: string;
  name: string;
  format: ImportFormat;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  failed: number;
  errors: RowError[];
  createdAt: string;
  finishedAt: string | null;
}
