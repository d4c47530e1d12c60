// The data file: where it is, backups, restore and the integrity check.
import { call } from './ipc';
import type { CheckReport } from '../bindings/CheckReport';
import type { StoreInfo } from '../bindings/StoreInfo';

export const storeInfo = () => call<StoreInfo>('store_info');
export const backupTo = (path: string) => call<null>('store_backup', { path });
/** Replaces the data with `path`; returns where the replaced data was saved. */
export const restoreFrom = (path: string) => call<string>('store_restore', { path });
export const checkStore = () => call<CheckReport>('store_check');
