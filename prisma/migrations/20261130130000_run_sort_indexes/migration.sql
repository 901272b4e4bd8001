-- CreateIndex
CREATE INDEX "Run_rps_idx" ON "Run"("rps");

-- CreateIndex
CREATE INDEX "Run_latencyP50Ms_idx" ON "Run"("latencyP50Ms");

-- CreateIndex
CREATE INDEX "Run_latencyP95Ms_idx" ON "Run"("latencyP95Ms");

-- CreateIndex
CREATE INDEX "Run_latencyP99Ms_idx" ON "Run"("latencyP99Ms");

-- CreateIndex
CREATE INDEX "Run_requests_idx" ON "Run"("requests");

-- CreateIndex
CREATE INDEX "Run_failures_idx" ON "Run"("failures");
