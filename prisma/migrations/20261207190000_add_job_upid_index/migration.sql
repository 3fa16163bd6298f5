-- CreateIndex
CREATE INDEX `Job_upid_idx` ON `Job`(`upid`);
