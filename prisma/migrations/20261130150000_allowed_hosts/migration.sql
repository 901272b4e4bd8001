-- CreateTable
CREATE TABLE "AllowedHost" (
    "id" UUID NOT NULL,
    "entry" VARCHAR(255) NOT NULL,
    "addedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AllowedHost_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AllowedHost_entry_key" ON "AllowedHost"("entry");

-- AddForeignKey
ALTER TABLE "AllowedHost" ADD CONSTRAINT "AllowedHost_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
