// ocilens in browsers and bundlers: `analyze` and `analyzeFiles` (docs/json-output.md). The wasm
// is fetched from beside this file the first time either is called.
import { bind } from './api.js';

export const { analyze, analyzeFiles } = bind(() => new URL('./ocilens-api_bg.wasm', import.meta.url));
