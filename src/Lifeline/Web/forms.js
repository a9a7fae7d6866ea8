// Lifeline's record forms: a search for sources, and recording with no connection (docs/field.md).
// On a form marked data-offline, a record made while the device is offline is kept on the device (IndexedDB),
// listed as "waiting to send", and sent when the connection returns: the same form, to the same address, with an
// Idempotency-Key made when it was kept, so sending it twice never stores it twice. The page itself is kept by the
// service worker (/offline-worker.js) so that it opens again with no connection. Without script the form works as
// before, online.
(function () {
  'use strict';
  var form = document.querySelector('form[data-offline]');
  var box = document.getElementById('outbox');
  if (!form || !box || !('indexedDB' in window)) { return; }
  var STORE = 'outbox';
  var sending = false;

  // The page's words for what this script writes (in the reader's language), English when the page gives none.
  function say(name, english) { return box.getAttribute('data-say-' + name) || english; }

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open('lifeline-offline', 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: 'key' }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && 'result' in result ? result.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() { return run('readonly', function (store) { return store.getAll(); }); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function text(element, value) { element.textContent = value; return element; }

  function show(items) {
    var list = box.querySelector('ul');
    list.textContent = '';
    var waiting = items.filter(function (i) { return i.state === 'waiting'; });
    items.forEach(function (item) {
      var li = document.createElement('li');
      li.setAttribute('data-state', item.state);
      li.appendChild(text(document.createElement('strong'), item.state === 'refused' ? say('refused', 'Not accepted:') + ' ' : item.state === 'sent' ? say('sent', 'Sent:') + ' ' : say('waiting', 'Waiting to send:') + ' '));
      li.appendChild(document.createTextNode(item.title + ' (' + say('kept', 'kept') + ' ' + item.kept.replace('T', ' ').slice(0, 16) + ' UTC)'));
      if (item.problem) { li.appendChild(text(document.createElement('span'), ' — ' + item.problem)).className = 'error'; }
      if (item.state === 'refused') {
        var drop = text(document.createElement('button'), say('remove', 'Remove'));
        drop.type = 'button';
        drop.addEventListener('click', function () {
          run('readwrite', function (store) { store.delete(item.key); }).then(refresh);
        });
        li.appendChild(document.createTextNode(' '));
        li.appendChild(drop);
      }
      list.appendChild(li);
    });
    box.hidden = items.length === 0;
    box.setAttribute('data-waiting', String(waiting.length));
    box.querySelector('.count').textContent = String(waiting.length);
  }

  // Shows what is kept; a record shown once as sent is then forgotten by the device.
  function refresh() {
    return all().then(function (items) {
      show(items);
      return run('readwrite', function (store) {
        items.filter(function (i) { return i.state === 'sent'; }).forEach(function (i) { store.delete(i.key); });
      });
    });
  }

  function titleOf(data) {
    var parts = [];
    ['Input.Date', 'Input.Type', 'Input.Kind', 'Input.Commodity', 'Input.Place'].forEach(function (name) {
      var value = data.get(name);
      if (value) { parts.push(value); }
    });
    var notes = data.get('Input.Notes');
    if (notes) { parts.push('“' + notes.slice(0, 60) + (notes.length > 60 ? '…' : '') + '”'); }
    return parts.join(' · ') || 'a record';
  }

  function keep(event) {
    if (navigator.onLine) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var item = {
      key: newKey(),
      action: form.getAttribute('action') || location.pathname + location.search,
      body: new URLSearchParams(data).toString(),
      title: titleOf(data),
      kept: new Date().toISOString(),
      state: 'waiting',
    };
    run('readwrite', function (store) { store.put(item); }).then(function () {
      form.reset();
      var note = document.getElementById('offline-note');
      note.hidden = false;
      note.textContent = say('note', 'No connection: kept on this device. It will be sent when the connection returns.');
      return refresh();
    });
  }

  // Sends what waits, one at a time. A redirect is the server's "stored" (the form leads to the new record); a page
  // shown again means the server found a problem with it, which is kept and shown; no answer at all means still offline.
  function send() {
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    sending = true;
    return all().then(function (items) {
      var waiting = items.filter(function (i) { return i.state === 'waiting'; });
      return waiting.reduce(function (previous, item) {
        return previous.then(function () {
          return fetch(item.action, {
            method: 'POST',
            credentials: 'same-origin',
            redirect: 'manual',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': item.key },
            body: item.body,
          }).then(function (response) {
            if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
              item.state = 'sent';
              item.problem = null;
            } else if (response.status === 409 || response.status >= 500) {
              return;
            } else {
              // The form shown again with its errors, or (without them) a form that can no longer be accepted.
              return response.text().then(function (html) {
                var shown = new DOMParser().parseFromString(html, 'text/html').querySelector('#error-summary ul');
                item.state = 'refused';
                item.problem = shown
                  ? say('problem', 'the server found a problem:') + ' ' + shown.textContent.replace(/\s+/g, ' ').trim() + ' ' + say('again', 'Record it again from the form.')
                  : say('expired', 'the form had expired (signed out or in since): record it again');
                return run('readwrite', function (store) { store.put(item); });
              });
            }
            return run('readwrite', function (store) { store.put(item); });
          }, function () { /* still no connection */ });
        });
      }, Promise.resolve());
    }).then(function () { sending = false; return refresh(); }, function () { sending = false; });
  }

  form.addEventListener('submit', keep);
  window.addEventListener('online', send);
  refresh().then(send);

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/offline-worker.js').then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      // Keeps this form (and what it needs) for the next time it is opened with no connection.
      return caches.open('lifeline-forms-1').then(function (cache) {
        return cache.addAll([location.pathname, '/app.css', '/forms.js']);
      });
    }).then(function () {
      document.documentElement.setAttribute('data-offline-ready', 'true');
    }, function () { /* the form still works online */ });
  }
})();

// Sources by search: without script the form takes source ids typed in a text field; with it, a search box finds
// sources by publisher, address or id (the sources API, as the person may see them) and adds the chosen id.
(function () {
  'use strict';
  var box = document.getElementById('source-search');
  var field = document.getElementById('Input_Sources');
  if (!box || !field || !window.fetch) { return; }
  var query = document.getElementById('source-query');
  var list = document.getElementById('source-matches');
  var timer = null;
  var asked = 0;
  box.hidden = false;

  function ids() { return field.value.split(/[\s,;]+/).filter(function (id) { return id.length > 0; }); }

  function add(id) {
    var chosen = ids();
    if (chosen.indexOf(id) < 0) { chosen.push(id); }
    field.value = chosen.join(' ');
  }

  function show(sources) {
    list.textContent = '';
    if (sources.length === 0) {
      var none = document.createElement('li');
      none.textContent = box.getAttribute('data-say-none') || 'No source matches: add it as a new source below.';
      list.appendChild(none);
    }
    sources.forEach(function (source) {
      var li = document.createElement('li');
      var button = document.createElement('button');
      button.type = 'button';
      var adding = box.getAttribute('data-say-add') || 'Add';
      button.textContent = adding;
      button.setAttribute('aria-label', adding + ' ' + source.id);
      button.addEventListener('click', function () { add(source.id); button.textContent = box.getAttribute('data-say-added') || 'Added'; });
      li.appendChild(button);
      li.appendChild(document.createTextNode(' ' + source.id + (source.publisher ? ' — ' + source.publisher : '') + (source.url ? ' (' + source.url + ')' : '')));
      list.appendChild(li);
    });
  }

  query.addEventListener('input', function () {
    clearTimeout(timer);
    var words = query.value.trim();
    if (words.length < 2) { list.textContent = ''; return; }
    timer = setTimeout(function () {
      var mine = ++asked;
      fetch('/api/v1/situations/' + encodeURIComponent(box.getAttribute('data-situation')) + '/sources?pageSize=10&q=' + encodeURIComponent(words),
        { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (page) { if (mine === asked) { show(page.items || []); } }, function () { /* offline: type the ids */ });
    }, 250);
  });
})();
