/**
 * The error every data problem in @genmodels/core-data throws: a damaged or missing file, a
 * count mismatch, an unknown dataset name, an out-of-range batch index. Messages say what was
 * expected, what was found, and what to do about it.
 */
export class DatasetError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatasetError';
  }
}

/**
 * A dataset that could not be found anywhere it was looked for. `searched` holds every file path
 * that was tried, in order; the message also says how to get the data.
 */
export class DatasetNotFoundError extends DatasetError {
  readonly searched: readonly string[];

  constructor(message: string, searched: readonly string[]) {
    super(message);
    this.name = 'DatasetNotFoundError';
    this.searched = searched;
  }
}
