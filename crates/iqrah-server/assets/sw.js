// Iqrah's service worker: keeps the app shell (styles, scripts, icons, the
// Arabic font, the offline page) so the app opens from the home screen,
// and shows the offline page when the server cannot be reached. It never
// answers for the server: API calls and every write go to the network or
// fail, so an answer is never queued on this device. The server fills in
// VERSION (a hash of the shell) and SHELL (its URLs).
const VERSION = '__IQRAH_VERSION__';
const SHELL = __IQRAH_SHELL__;
const CACHE = `iqrah-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('iqrah-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** A kept asset, else the network's (kept for next time). */
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(fromCache(request));
  } else if (request.mode === 'navigate') {
    // Pages are always the server's, fresh; the offline page only when it cannot be reached.
    event.respondWith(fetch(request).catch(async () => (await caches.match('/offline')) || Response.error()));
  }
});
