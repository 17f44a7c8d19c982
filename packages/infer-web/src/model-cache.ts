import type { FetchLike } from '@imdb-rnn/core';

/** The Cache API cache `cache: true` uses. */
export const DEFAULT_MODEL_CACHE = 'imdb-rnn-models';

interface CacheLike {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
}

/**
 * A fetch that answers from the Cache API cache `cacheName` when it holds the URL, and
 * otherwise downloads and stores a copy: the second visit loads the model without the
 * network. Where the Cache API is missing (an insecure http: page, Node) it is `fetch`.
 */
export function cachingFetch(cacheName: string, fetchModel: FetchLike): FetchLike {
  const storage = (globalThis as { caches?: { open(name: string): Promise<CacheLike> } }).caches;
  if (storage === undefined) return fetchModel;
  return async (url, init) => {
    const cache = await storage.open(cacheName);
    const hit = await cache.match(url);
    if (hit) return hit;
    const response = await fetchModel(url, init);
    // Stored before it is read: a clone tees the body, so the download streams once.
    if (response.ok) await cache.put(url, response.clone());
    return response;
  };
}
