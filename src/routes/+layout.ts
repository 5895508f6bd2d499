// Everything lives in the browser (IndexedDB + the relay): no server rendering.
export const ssr = false;
