-- Migration projects (issue 22): a batch of discovered VMs of one ESXi source moved onto one
-- cluster in waves, with the source networks and datastores mapped to bridges and storages.
CREATE TABLE `EsxiProject` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `sourceId` CHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `node` VARCHAR(64) NOT NULL,
    `storage` VARCHAR(64) NOT NULL,
    `networks` JSON NOT NULL,
    `datastores` JSON NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `EsxiProject_companyId_name_idx`(`companyId`, `name`),
    INDEX `EsxiProject_sourceId_idx`(`sourceId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- One VM of a project: its wave, its order inside the wave, and the import that moved it.
CREATE TABLE `EsxiProjectVm` (
    `id` CHAR(36) NOT NULL,
    `projectId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `esxiVmId` CHAR(36) NOT NULL,
    `wave` INTEGER NOT NULL DEFAULT 1,
    `position` INTEGER NOT NULL DEFAULT 0,
    `status` VARCHAR(16) NOT NULL DEFAULT 'planned',
    `jobId` CHAR(36) NULL,
    `guestId` CHAR(36) NULL,
    `error` TEXT NULL,
    `warnings` JSON NULL,
    `startedAt` DATETIME(3) NULL,

    UNIQUE INDEX `EsxiProjectVm_projectId_esxiVmId_key`(`projectId`, `esxiVmId`),
    INDEX `EsxiProjectVm_companyId_idx`(`companyId`),
    INDEX `EsxiProjectVm_esxiVmId_idx`(`esxiVmId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `EsxiProject` ADD CONSTRAINT `EsxiProject_sourceId_fkey` FOREIGN KEY (`sourceId`) REFERENCES `EsxiSource`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `EsxiProjectVm` ADD CONSTRAINT `EsxiProjectVm_projectId_fkey` FOREIGN KEY (`projectId`) REFERENCES `EsxiProject`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `EsxiProjectVm` ADD CONSTRAINT `EsxiProjectVm_esxiVmId_fkey` FOREIGN KEY (`esxiVmId`) REFERENCES `EsxiVm`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
