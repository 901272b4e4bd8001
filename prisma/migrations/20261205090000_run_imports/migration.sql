-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "importedFrom" VARCHAR(32);

-- CreateIndex
CREATE INDEX "Run_importedFrom_createdAt_idx" ON "Run"("importedFrom", "createdAt" DESC);
