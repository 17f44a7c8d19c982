/** Where the Large Movie Review Dataset is published (Maas et al., ACL 2011). */
export const IMDB_ARCHIVE_URL = 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz';

/** The file name of the official archive, also its name in the cache folder. */
export const IMDB_ARCHIVE_NAME = 'aclImdb_v1.tar.gz';

/**
 * The sha256 of the published archive at IMDB_ARCHIVE_URL; a download whose
 * hash differs is rejected (a proxy's error page, a truncated or altered file).
 */
export const IMDB_ARCHIVE_SHA256 =
  'c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe';

/** The published archive's size in bytes. */
export const IMDB_ARCHIVE_SIZE = 84_125_825;
