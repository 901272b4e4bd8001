-- CreateEnum
CREATE TYPE "ExperimentKind" AS ENUM ('overhead', 'ab');

-- AlterEnum
ALTER TYPE "ShareKind" ADD VALUE 'experiment';

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "overheadHeader" VARCHAR(100),
ADD COLUMN     "upstreamId" UUID;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "experimentArm" INTEGER,
ADD COLUMN     "experimentId" VARCHAR(16),
ADD COLUMN     "experimentRound" INTEGER;

-- CreateTable
CREATE TABLE "Experiment" (
    "id" VARCHAR(16) NOT NULL,
    "kind" "ExperimentKind" NOT NULL,
    "title" VARCHAR(200),
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "statusReason" TEXT,
    "config" JSONB NOT NULL,
    "result" JSONB,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Experiment_createdAt_idx" ON "Experiment"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_experimentId_experimentRound_experimentArm_idx" ON "Run"("experimentId", "experimentRound", "experimentArm");

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "Target"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
