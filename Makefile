# The commands a developer types to build, install and debug the extension in Docker Desktop.
# `make help` lists them. IMAGE must match the extensionId in the OAuth redirect URI registered
# at the provider (docker-desktop://dashboard/extension-tab?extensionId=$(IMAGE)), that is
# VITE_EXTENSION_ID in .env.production: every image build passes IMAGE as EXTENSION_IMAGE, and
# the UI build fails when they differ (`npm run check:image` also compares the defaults).

IMAGE ?= acme/oauth-extension
TAG ?= latest
PLATFORMS ?= linux/amd64,linux/arm64
BUILDER ?= buildx-multi-arch
DEV_UI_SOURCE ?= http://127.0.0.1:3000

.DEFAULT_GOAL := help

.PHONY: help check-image build-extension install-extension update-extension validate \
	debug-ui debug reset prepare-buildx push-extension

# Colour only on a terminal (and not with NO_COLOR set): `make help | less` and logs stay plain.
help: ## Show this help
	@if [ -t 1 ] && [ -z "$${NO_COLOR:-}" ]; then on='\033[36m'; off='\033[0m'; else on=''; off=''; fi; \
	awk -v on="$$on" -v off="$$off" 'BEGIN {FS = ":.*?## "} /^[a-zA-Z_-]+:.*?## / {printf "  %s%-18s%s %s\n", on, $$1, off, $$2}' $(MAKEFILE_LIST)

check-image: ## Check the Dockerfile, labels, metadata.json and the production bundle without Docker
	npm run build
	npm run check:image

build-extension: ## Build the extension image for this machine
	docker buildx build --load --build-arg EXTENSION_IMAGE=$(IMAGE) --tag=$(IMAGE):$(TAG) .

install-extension: build-extension ## Build, then install the extension in Docker Desktop
	docker extension install --force $(IMAGE):$(TAG)

update-extension: build-extension ## Build, then update the installed extension
	docker extension update --force $(IMAGE):$(TAG)

validate: build-extension ## Validate the image's labels and metadata.json with Docker's own check
	docker extension validate $(IMAGE):$(TAG)

debug-ui: ## Point the installed extension at `npm run dev` (hot reload)
	docker extension dev ui-source $(IMAGE):$(TAG) $(DEV_UI_SOURCE)

debug: ## Open the Chrome DevTools whenever the extension tab opens
	docker extension dev debug $(IMAGE):$(TAG)

reset: ## Undo debug-ui and debug: back to the UI inside the image
	docker extension dev reset $(IMAGE):$(TAG)

prepare-buildx: ## Create the multi-platform buildx builder (once)
	docker buildx inspect $(BUILDER) >/dev/null 2>&1 || docker buildx create --name=$(BUILDER) --driver=docker-container --driver-opt=network=host

push-extension: prepare-buildx ## Build for amd64 and arm64 and push (refuses an existing tag)
	docker pull $(IMAGE):$(TAG) >/dev/null 2>&1 && { echo "$(IMAGE):$(TAG) is already published"; exit 1; } || true
	docker buildx build --push --builder=$(BUILDER) --platform=$(PLATFORMS) --build-arg EXTENSION_IMAGE=$(IMAGE) --tag=$(IMAGE):$(TAG) .
