-- CreateEnum
CREATE TYPE "RunValidity" AS ENUM ('valid', 'suspect', 'invalid');

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "attemptRps" DOUBLE PRECISION,
ADD COLUMN     "createdById" UUID,
ADD COLUMN     "notes" TEXT,
ADD COLUMN     "title" VARCHAR(200),
ADD COLUMN     "validity" "RunValidity",
ADD COLUMN     "validityReasons" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "RunPoint" ADD COLUMN     "clientBusy" DOUBLE PRECISION,
ADD COLUMN     "hostCpuBusy" DOUBLE PRECISION,
ADD COLUMN     "inFlight" INTEGER,
ADD COLUMN     "intended" INTEGER,
ADD COLUMN     "rateLimited" INTEGER,
ADD COLUMN     "sendLagP99Ms" DOUBLE PRECISION,
ADD COLUMN     "sent" INTEGER,
ADD COLUMN     "windowMs" INTEGER;

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" UUID,
    "userEmail" VARCHAR(254) NOT NULL,
    "action" VARCHAR(40) NOT NULL,
    "subject" VARCHAR(64) NOT NULL,
    "detail" JSONB NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at" DESC);

-- CreateIndex
CREATE INDEX "Run_createdById_idx" ON "Run"("createdById");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
