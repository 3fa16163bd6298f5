-- A certificate per mapped host name (branding): the host, its company and the order's tracked job.
ALTER TABLE `TlsCertificate`
    ADD COLUMN `host` VARCHAR(253) NULL,
    ADD COLUMN `companyId` CHAR(36) NULL,
    ADD COLUMN `jobId` CHAR(36) NULL;

CREATE INDEX `TlsCertificate_host_createdAt_idx` ON `TlsCertificate`(`host`, `createdAt`);
CREATE INDEX `TlsCertificate_companyId_idx` ON `TlsCertificate`(`companyId`);
