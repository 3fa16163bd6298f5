-- CreateTable
CREATE TABLE `EsxiSource` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `host` VARCHAR(253) NOT NULL,
    `port` INTEGER NOT NULL DEFAULT 443,
    `username` VARCHAR(200) NOT NULL,
    `password` TEXT NOT NULL,
    `fingerprint` VARCHAR(95) NULL,
    `apiType` VARCHAR(16) NULL,
    `version` VARCHAR(32) NULL,
    `vmCount` INTEGER NULL,
    `lastTestAt` DATETIME(3) NULL,
    `lastError` TEXT NULL,
    `lastDiscoveryAt` DATETIME(3) NULL,
    `datastores` JSON NULL,
    `networks` JSON NULL,
    `changes` JSON NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `EsxiSource_companyId_name_idx`(`companyId`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `EsxiVm` (
    `id` CHAR(36) NOT NULL,
    `sourceId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `moref` VARCHAR(64) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `uuid` VARCHAR(64) NULL,
    `guestOs` VARCHAR(64) NULL,
    `guestOsName` VARCHAR(255) NULL,
    `firmware` VARCHAR(8) NULL,
    `cpus` INTEGER NOT NULL,
    `memoryMb` INTEGER NOT NULL,
    `powerState` VARCHAR(16) NOT NULL,
    `toolsStatus` VARCHAR(32) NULL,
    `ipAddresses` JSON NOT NULL,
    `disks` JSON NOT NULL,
    `nics` JSON NOT NULL,
    `snapshots` INTEGER NOT NULL DEFAULT 0,
    `discoveredAt` DATETIME(3) NOT NULL,

    INDEX `EsxiVm_companyId_idx`(`companyId`),
    UNIQUE INDEX `EsxiVm_sourceId_moref_key`(`sourceId`, `moref`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `EsxiVm` ADD CONSTRAINT `EsxiVm_sourceId_fkey` FOREIGN KEY (`sourceId`) REFERENCES `EsxiSource`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
