// ocilens in Node 20 and later: `analyze` and `analyzeFiles` (docs/json-output.md). The wasm is
// read from the package the first time either is called.
import { readFile } from 'node:fs/promises';
import { bind } from './api.js';

export const { analyze, analyzeFiles } = bind(() => readFile(new URL('./ocilens-api_bg.wasm', import.meta.url)));
