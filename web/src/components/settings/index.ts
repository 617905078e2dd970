/** The blocks every settings page is made of (docs/web.md): header, notices, load states, tables, forms. */
export { DataTable, type Column } from './DataTable.js';
export { FormCard } from './FormCard.js';
export { LoadState } from './LoadState.js';
export { Notice, type NoticeKind } from './Notice.js';
export { SettingsPanel } from './SettingsPanel.js';
export { ConfirmDialog } from '../ConfirmDialog.js';
