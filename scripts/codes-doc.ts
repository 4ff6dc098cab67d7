/** Generates docs/codes.md from src/codes.ts. `npm run docs:codes`. */
import { writeFileSync } from 'node:fs';
import { renderCodesDoc } from '../test/codes-doc.ts';

writeFileSync(new URL('../docs/codes.md', import.meta.url), renderCodesDoc());
console.log('docs/codes.md written');
