/**
 * Upper bounds on what a dataset file may make us allocate.
 *
 * Every reader checks the sizes a header declares against the bytes actually present before it
 * allocates, so a lying header fails with a clear error instead of an out-of-memory crash. Compressed
 * inputs (gzip, deflated NPZ entries) cannot be checked that way, so their decoded size is capped.
 */

/** Largest decoded size of one gzip stream or NPZ entry: 2 GiB, far above any edge evaluation set. */
export const MAX_DECODED_BYTES = 2 * 1024 ** 3;

/** Largest number of float32 values a loaded dataset may hold (x), i.e. 8 GiB of shared memory. */
export const MAX_DATASET_VALUES = 2 * 1024 ** 3;
