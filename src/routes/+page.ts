// The home page is the offline shell the service worker serves for every route.
export const prerender = true;
