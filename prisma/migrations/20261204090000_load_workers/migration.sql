-- CreateTable
CREATE TABLE "LoadWorker" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "version" VARCHAR(40) NOT NULL,
    "cpus" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "currentRunId" VARCHAR(16),
    "health" JSONB NOT NULL DEFAULT '{}',
    "stoppedAt" TIMESTAMPTZ(3),

    CONSTRAINT "LoadWorker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunShard" (
    "runId" VARCHAR(16) NOT NULL,
    "index" INTEGER NOT NULL,
    "workerId" UUID,
    "status" VARCHAR(16) NOT NULL DEFAULT 'queued',
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "startAt" TIMESTAMPTZ(3) NOT NULL,
    "heartbeatAt" TIMESTAMPTZ(3),
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "RunShard_pkey" PRIMARY KEY ("runId","index")
);

-- CreateTable
CREATE TABLE "ShardPoint" (
    "runId" VARCHAR(16) NOT NULL,
    "index" INTEGER NOT NULL,
    "second" INTEGER NOT NULL,
    "point" JSONB NOT NULL,

    CONSTRAINT "ShardPoint_pkey" PRIMARY KEY ("runId","index","second")
);

-- CreateIndex
CREATE INDEX "LoadWorker_lastSeenAt_idx" ON "LoadWorker"("lastSeenAt" DESC);

-- CreateIndex
CREATE INDEX "RunShard_workerId_idx" ON "RunShard"("workerId");

-- AddForeignKey
ALTER TABLE "RunShard" ADD CONSTRAINT "RunShard_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunShard" ADD CONSTRAINT "RunShard_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "LoadWorker"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShardPoint" ADD CONSTRAINT "ShardPoint_runId_index_fkey" FOREIGN KEY ("runId", "index") REFERENCES "RunShard"("runId", "index") ON DELETE CASCADE ON UPDATE CASCADE;
