/**
 * __DEV_ONLY__: the entry of dist/devtools/visualizer.js, the panel as one classic script for the
 * local stand-in, which serves the production UI and injects
 * `<script src="/__standin/visualizer.js"></script>` before the app's module script. Running
 * first, it installs `window.__AUTH_DEVTOOLS__` before the app creates its actor.
 */
import { installDevtoolsPanel } from './install';

installDevtoolsPanel(document);
