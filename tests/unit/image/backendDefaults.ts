/** The backend's own defaults (backend/config.ts), for the image check to agree with. */
import { DEFAULT_SESSION_FILE, DEFAULT_SOCKET } from '../../../backend/config';

export const BACKEND_DEFAULTS = { socket: DEFAULT_SOCKET, sessionFile: DEFAULT_SESSION_FILE };
