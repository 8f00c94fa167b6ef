// Photos waiting to be sent, in IndexedDB (localStorage cannot hold images). No DOM: the database
// factory is an argument (window.indexedDB in the page).

const STORE = 'blobs';

/** Opens (creating when needed) the database `name` and returns { put, get, remove } over Blobs keyed by string. */
export function openBlobStore(indexedDB, name = 'gridwatch-field') {
  const opening = new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = (mode, action) => opening.then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = action(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
  return {
    put: (key, blob) => run('readwrite', (s) => s.put(blob, key)).then(() => undefined),
    /** The Blob under key, or undefined. */
    get: (key) => run('readonly', (s) => s.get(key)),
    remove: (key) => run('readwrite', (s) => s.delete(key)).then(() => undefined),
  };
}
