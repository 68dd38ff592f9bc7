# syntax=docker/dockerfile:1
# One image for the API and the worker (compose.yaml runs both):
#   npm run start:api      the default command; serves the web console built below
#   npm run start:worker   runs the workflow bundle built below (WORKFLOW_BUNDLE)
# Production settings come from the environment (config/env.ts; README, Operations runbook):
# NODE_ENV=production requires AUTH_SECRET, DATABASE_URL, TEMPORAL_ADDRESS and single sign-on.
ARG NODE_VERSION=20.20

# Everything needed to build: all dependencies, the console (vite) and the workflow bundle (webpack).
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false
COPY package.json package-lock.json ./
# npm ci's postinstall applies the local SDK patch (patches/: temporal.yaml's worker switches).
COPY patches ./patches
RUN npm ci
COPY . .
RUN npm run build:console \
 && npx tsx scripts/bundle-workflows.ts dist/workflow-bundle.js

# Runtime dependencies only (tsx runs the TypeScript sources; there is no compile step).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    NPM_CONFIG_UPDATE_NOTIFIER=false
# Owned by root and read-only to the service user: the code cannot be changed by the process running it.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json temporal.yaml ./
COPY activities ./activities
COPY api ./api
COPY config ./config
COPY contract ./contract
COPY db ./db
COPY domain ./domain
COPY platform ./platform
COPY scripts ./scripts
COPY workflows ./workflows
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/dist ./dist
# The image's unprivileged user; tsx keeps its cache under /tmp.
USER node
# 3000: the API and console; 9464: a worker's SDK metrics when WORKER_METRICS_BIND=0.0.0.0:9464.
EXPOSE 3000 9464
CMD ["npm", "run", "start:api"]
