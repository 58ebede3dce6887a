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
  /** package.json, for the npm scripts the build stage runs; undefined when there is none. */
  packageJsonText: string | undefined;
  /** The Makefile that builds the image (IMAGE); undefined when there is none. */
  makefileText: string | undefined;
  /** .env.production, where VITE_EXTENSION_ID is set; undefined when there is none. */
  envProductionText: string | undefined;
  /** .gitignore; undefined when there is none. */
  gitignoreText: string | undefined;
  /** The day the Node base's end of life is judged on; default today. */
  today?: Date;
  /** Reads a file of the project (the backend's compose file); undefined when it is missing. */
  readFile?: (path: string) => string | undefined;
}
