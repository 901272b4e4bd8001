-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "report" JSONB,
ADD COLUMN     "stageLabel" VARCHAR(64);
