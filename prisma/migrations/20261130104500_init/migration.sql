-- CreateEnum
CREATE TYPE "ApiFlavour" AS ENUM ('openai-chat', 'openai-completions', 'openai-embeddings', 'raw-http');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted');

-- CreateTable
CREATE TABLE "Target" (
    "id" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "baseUrl" VARCHAR(2048) NOT NULL,
    "apiFlavour" "ApiFlavour" NOT NULL DEFAULT 'openai-chat',
    "defaultModel" VARCHAR(200),
    "extraHeaders" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetSecret" (
    "targetId" UUID NOT NULL,
    "apiKey" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TargetSecret_pkey" PRIMARY KEY ("targetId")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" VARCHAR(16) NOT NULL,
    "targetId" UUID,
    "targetName" VARCHAR(120) NOT NULL,
    "targetUrl" VARCHAR(2048) NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "statusReason" TEXT,
    "config" JSONB NOT NULL,
    "sweepId" VARCHAR(16),
    "sweepStage" INTEGER,
    "gatewayName" VARCHAR(100),
    "gatewayVersion" VARCHAR(100),
    "instanceCount" INTEGER,
    "machineCpus" INTEGER,
    "machineRamGb" DOUBLE PRECISION,
    "usesPostgres" BOOLEAN,
    "usesRedis" BOOLEAN,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "requests" INTEGER,
    "failures" INTEGER,
    "rps" DOUBLE PRECISION,
    "latencyP50Ms" DOUBLE PRECISION,
    "latencyP90Ms" DOUBLE PRECISION,
    "latencyP95Ms" DOUBLE PRECISION,
    "latencyP99Ms" DOUBLE PRECISION,
    "latencyAvgMs" DOUBLE PRECISION,
    "latencyMaxMs" DOUBLE PRECISION,
    "ttftP50Ms" DOUBLE PRECISION,
    "ttftP95Ms" DOUBLE PRECISION,
    "outputTokensPerSec" DOUBLE PRECISION,
    "overheadP50Ms" DOUBLE PRECISION,
    "overheadP95Ms" DOUBLE PRECISION,
    "overheadP99Ms" DOUBLE PRECISION,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunPoint" (
    "runId" VARCHAR(16) NOT NULL,
    "second" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "failures" INTEGER NOT NULL,
    "rps" DOUBLE PRECISION NOT NULL,
    "p50Ms" DOUBLE PRECISION,
    "p95Ms" DOUBLE PRECISION,
    "p99Ms" DOUBLE PRECISION,
    "activeUsers" INTEGER NOT NULL,
    "ttftP50Ms" DOUBLE PRECISION,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RunPoint_pkey" PRIMARY KEY ("runId","second")
);

-- CreateTable
CREATE TABLE "RunHistogram" (
    "runId" VARCHAR(16) NOT NULL,
    "metric" VARCHAR(32) NOT NULL,
    "encoded" BYTEA NOT NULL,

    CONSTRAINT "RunHistogram_pkey" PRIMARY KEY ("runId","metric")
);

-- CreateIndex
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");

-- CreateIndex
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_targetId_createdAt_idx" ON "Run"("targetId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_gatewayName_gatewayVersion_createdAt_idx" ON "Run"("gatewayName", "gatewayVersion", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_gatewayVersion_idx" ON "Run"("gatewayVersion");

-- CreateIndex
CREATE INDEX "Run_instanceCount_createdAt_idx" ON "Run"("instanceCount", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_sweepId_sweepStage_idx" ON "Run"("sweepId", "sweepStage");

-- CreateIndex
CREATE INDEX "Run_tags_idx" ON "Run" USING GIN ("tags");

-- AddForeignKey
ALTER TABLE "TargetSecret" ADD CONSTRAINT "TargetSecret_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunPoint" ADD CONSTRAINT "RunPoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunHistogram" ADD CONSTRAINT "RunHistogram_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
