-- CreateIndex
CREATE INDEX `Guest_companyId_goneAt_status_name_idx` ON `Guest`(`companyId`, `goneAt`, `status`, `name`);
