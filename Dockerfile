# NOT TESTED HERE: the machines this project is developed on have no Docker engine. Written to the
# letter of the docs (node:20 image, npm ci) but never built; check it before relying on it.

# Build: compile the TypeScript to dist/ with the dev dependencies (TypeScript itself).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY commands ./commands
COPY src ./src
RUN node scripts/start.mjs --build

# Run: production dependencies and the compiled JavaScript only (no TypeScript loader at run time).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` only warns here (no TypeScript to build with): dist/ comes from the build stage.
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY data ./data
ENV NODE_ENV=production
USER node
# Not `npm start`: npm would sit between the container's stop signal and the bot's drain.
CMD ["node", "dist/src/main.js"]
