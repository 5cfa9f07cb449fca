// Worker threads on Node 20 do not inherit tsx's loader: load the TypeScript module through tsx's API.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
