/** One problem the image check found, named by the label or the file it is about. */
export interface Failure {
  /** The label name (`com.docker.extension.screenshots`), file (`metadata.json`) or `Dockerfile`. */
  subject: string;
  message: string;
}

export type PathKind = 'file' | 'directory' | 'missing';

/** A built file of the UI, path relative to the project (e.g. `dist/ui/assets/index-abc.js`). */
export interface BundleFile {
  path: string;
  text: string;
}

export interface ImageCheckInput {
  dockerfileText: string;
  /** undefined when metadata.json does not exist. */
  metadataText: string | undefined;
  /** undefined when there is no .dockerignore. */
  dockerignoreText: string | undefined;
  /** What a project-relative path (posix, no leading `./`) is on disk. */
  pathKind: (path: string) => PathKind;
  /**
   * The production bundle's scripts. undefined skips the bundle scan and the existence checks of
   * files a build stage produces (e.g. `dist/ui/index.html`), for checks run before a build.
   */
  bundleFiles: readonly BundleFile[] | undefined;
  /** Reads a file of the project (the backend's compose file); undefined when it is missing. */
  readFile?: (path: string) => string | undefined;
}
