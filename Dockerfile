# NOT TESTED HERE: the machines this project is developed on have no Docker engine. Written to the
# letter of the docs (node:20 image, npm ci) but never built; check it before relying on it.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a runtime dependency (the bot runs its TypeScript directly, as `npm start` does).
RUN npm ci --omit=dev && npm cache clean --force
COPY commands ./commands
COPY src ./src
COPY data ./data
COPY tsconfig.json ./
ENV NODE_ENV=production
USER node
# Not `npm start`: npm would sit between the container's stop signal and the bot's drain.
CMD ["node", "--import", "tsx", "src/main.ts"]
