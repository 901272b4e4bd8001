-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "thresholdsPassed" BOOLEAN;

-- CreateIndex
CREATE INDEX "Run_thresholdsPassed_createdAt_idx" ON "Run"("thresholdsPassed", "createdAt" DESC);
