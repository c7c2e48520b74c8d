// `npm run api-types`: rewrites the web app's API types from the server's OpenAPI document.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { renderWebApiTypes, WEB_API_TYPES_FILE } from '../src/api/web-api-types.js';

await writeFile(WEB_API_TYPES_FILE, await renderWebApiTypes());
console.log(`Wrote ${relative(process.cwd(), WEB_API_TYPES_FILE)}`);
