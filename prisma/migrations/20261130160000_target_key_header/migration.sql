-- AlterTable
ALTER TABLE "Target" ADD COLUMN "apiKeyHeader" VARCHAR(100);
