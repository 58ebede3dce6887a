import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Docker Desktop serves the UI from the image's files: relative paths.
export default defineConfig({ base: './', plugins: [react()] });
