-- CreateTable
CREATE TABLE `DrPair` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `sourceClusterId` CHAR(36) NOT NULL,
    `sourceStorage` VARCHAR(64) NOT NULL,
    `targetClusterId` CHAR(36) NOT NULL,
    `targetNode` VARCHAR(64) NOT NULL,
    `targetStorage` VARCHAR(64) NOT NULL,
    `policy` VARCHAR(16) NOT NULL,
    `standbyStorage` VARCHAR(64) NULL,
    `syncEveryMinutes` INTEGER NOT NULL,
    `staleAfterHours` INTEGER NOT NULL,
    `nextSyncAt` DATETIME(3) NULL,
    `lastSyncAt` DATETIME(3) NULL,
    `createdById` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `DrPair_companyId_name_idx`(`companyId`, `name`),
    INDEX `DrPair_enabled_nextSyncAt_idx`(`enabled`, `nextSyncAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `DrGuest` (
    `id` CHAR(36) NOT NULL,
    `pairId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `guestId` CHAR(36) NOT NULL,
    `status` VARCHAR(16) NOT NULL DEFAULT 'idle',
    `copyVolid` VARCHAR(255) NULL,
    `recoveryPointAt` DATETIME(3) NULL,
    `standbyVmid` INTEGER NULL,
    `standbyPointAt` DATETIME(3) NULL,
    `failedOverAt` DATETIME(3) NULL,
    `jobId` CHAR(36) NULL,
    `error` TEXT NULL,
    `staleNotifiedAt` DATETIME(3) NULL,
    `lastSyncAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `DrGuest_pairId_guestId_key`(`pairId`, `guestId`),
    INDEX `DrGuest_companyId_guestId_idx`(`companyId`, `guestId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `DrGuest` ADD CONSTRAINT `DrGuest_pairId_fkey` FOREIGN KEY (`pairId`) REFERENCES `DrPair`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
