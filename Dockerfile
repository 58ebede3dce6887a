# syntax=docker/dockerfile:1

# The Docker Desktop extension image: metadata.json, the icon and the built UI, plus the labels
# the Marketplace shows. `make build-extension` builds it; `npm run check:image` checks this file
# without a Docker engine (stages, labels, copied files, the bundle), so keep both in step.

# ---- Stage 1: build the UI --------------------------------------------------------------------
# Runs on the builder's own platform: the output is HTML, JS and CSS, the same for every target
# platform, so a multi-platform build does not have to run npm under emulation. A Node LTS line
# that still gets security fixes (`npm run check:image` refuses one past its end of life).
FROM --platform=$BUILDPLATFORM node:24-alpine AS client-builder
WORKDIR /ui

# The dependencies alone first, so this layer is reused until package-lock.json changes.
# The cache mount keeps npm's download cache between builds without putting it in a layer.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

# Only what `vite build` reads. Tests, the development harness and scripts stay out: what is not
# copied cannot end up in the bundle.
# .env.production holds the provider settings (VITE_OAUTH_*, see src/config.ts); the production
# build validates them, embeds them in index.html, and fails naming what is missing: it never
# falls back to the demo's settings. (.env*.local files are never in the build context.)
COPY index.html vite.config.ts tsconfig.json .env.production ./
COPY public ./public
COPY src ./src
# The image's repository (`make build-extension` passes its IMAGE): the build fails when
# VITE_EXTENSION_ID differs, since Docker Desktop routes the sign-in redirect by that id.
ARG EXTENSION_IMAGE
RUN npm run build

# ---- Stage 2: build the backend ---------------------------------------------------------------
# The extension's backend (backend/, see its README): one ES module bundle for Node with its
# dependencies, so the image needs no node_modules, and provider.json, the provider settings of
# the UI build above (.env.production), validated the same way. JavaScript only: built once on
# the builder's platform, like the UI.
FROM --platform=$BUILDPLATFORM node:24-alpine AS backend-builder
WORKDIR /backend
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY tsconfig.json .env.production ./
COPY src ./src
COPY backend ./backend
# The same check of the settings as the UI build (src/build/settings.ts), the same image name.
ARG EXTENSION_IMAGE
RUN npm run build:backend

# ---- Stage 3: the extension image -------------------------------------------------------------
# Desktop serves the UI from /ui, and runs this same image as the backend service of
# docker-compose.yaml (metadata.json "vm"): Node 24 for the backend, as a user that is not root.
FROM node:24-alpine

# Placeholders on example.com for the Marketplace listing. An extension author replaces these
# defaults (or passes --build-arg) with where the icon and screenshots are actually published,
# e.g. raw.githubusercontent.com/<owner>/<repo>/main/...
ARG ASSETS_URL=https://example.com/oauth-extension
ARG PUBLISHER_URL=https://example.com

# api.version: 0.3.3 is the first extension API that routes the provider's redirect back to the
# extension tab. account-info "required": the extension is of no use without a sign-in.
LABEL org.opencontainers.image.title="OAuth Sign-in" \
      org.opencontainers.image.description="Sign in to an OAuth 2.0 / OpenID Connect provider from Docker Desktop." \
      org.opencontainers.image.vendor="Acme" \
      com.docker.desktop.extension.api.version=">= 0.3.3" \
      com.docker.desktop.extension.icon="${ASSETS_URL}/docker.svg" \
      com.docker.extension.screenshots="[ \
          {\"alt\": \"Signed out: the Sign in button\", \"url\": \"${ASSETS_URL}/screenshots/signed-out.png\"}, \
          {\"alt\": \"Waiting for the browser\", \"url\": \"${ASSETS_URL}/screenshots/awaiting-browser.png\"}, \
          {\"alt\": \"Signed in: the user's profile\", \"url\": \"${ASSETS_URL}/screenshots/signed-in.png\"} \
      ]" \
      com.docker.extension.detailed-description="<p>Signs you in to an OAuth 2.0 or OpenID Connect provider with the authorization code flow and PKCE, in your system browser.</p><p>No client secret is shipped: the extension is a public client.</p>" \
      com.docker.extension.publisher-url="${PUBLISHER_URL}" \
      com.docker.extension.additional-urls="[ \
          {\"title\": \"Documentation\", \"url\": \"${ASSETS_URL}/docs\"}, \
          {\"title\": \"Report an issue\", \"url\": \"${ASSETS_URL}/issues\"} \
      ]" \
      com.docker.extension.changelog="<ul><li>First release: sign-in with authorization code and PKCE.</li></ul>" \
      com.docker.extension.account-info="required" \
      com.docker.extension.categories="utility-tools,security"

# metadata.json, the compose file and the icon at the image root, the built UI where
# metadata.json's ui.dashboard-tab.root points (/ui), the backend in /backend.
COPY metadata.json docker-compose.yaml ./
COPY public/docker.svg .
COPY --from=client-builder /ui/dist/ui ui
COPY --from=backend-builder /backend/dist/backend backend

# The session's volume is mounted at /data: a new named volume takes this folder's owner, so the
# backend's user (node, uid 1000, from the node image) can write there and nobody else.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
CMD ["node", "/backend/main.js"]
