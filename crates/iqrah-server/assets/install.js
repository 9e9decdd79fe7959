// Registers the service worker that keeps the app shell for the home
// screen and an offline page (served by crates/iqrah-server/src/installable.rs).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // Without it the app works as before; nothing to tell the learner.
  });
}
