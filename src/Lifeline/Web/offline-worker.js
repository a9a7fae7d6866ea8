// Lifeline's service worker (docs/field.md, "Offline reporting"): the forms that can be used offline, and the
// stylesheet and script they need, are answered from the network when there is one and from the copy kept on the
// device when there is none. Nothing else is kept: every other page and all data always come from the server.
'use strict';
var CACHE = 'lifeline-forms-1';
var FORMS = /^\/situations\/[^/]+\/(events\/new|supplies\/observations\/new)$/;

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (!(FORMS.test(url.pathname) || url.pathname === '/app.css' || url.pathname === '/forms.js')) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(url.pathname, copy); });
    }
    return response;
  }, function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(url.pathname); }).then(function (kept) {
      return kept || new Response('<!doctype html><title>No connection</title><p>No connection, and this page was not kept on this device.</p>',
        { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    });
  }));
});
