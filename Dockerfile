# syntax=docker/dockerfile:1
# Build: compile TypeScript and the better-sqlite3 addon, then keep production dependencies only.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json drizzle.config.ts ./
COPY src ./src
COPY seeds ./seeds
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev
# The playground's browser bundle (GraphiQL, Monaco and its workers), built here so that the
# image never builds it at run time; it lands in node_modules/.cache, copied below.
RUN node dist/src/playground/prebuild.js

# Run: plain Node, a non-root user, the database on a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=4000 \
    DATABASE_PATH=/data/scholargraph.db
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/migrations ./migrations
# The playground's client source: the server checks the prebuilt bundle against it.
COPY --from=build --chown=root:root /app/src/playground/client ./src/playground/client
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/src/main.js"]
