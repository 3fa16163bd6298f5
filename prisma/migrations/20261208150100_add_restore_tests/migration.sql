-- AlterTable
ALTER TABLE `BackupSchedule` ADD COLUMN `restoreTestCron` VARCHAR(100) NULL,
    ADD COLUMN `restoreTestNode` VARCHAR(64) NULL,
    ADD COLUMN `restoreTestBootSec` INTEGER NOT NULL DEFAULT 300,
    ADD COLUMN `restoreTestNextAt` DATETIME(3) NULL;

-- CreateIndex
CREATE INDEX `BackupSchedule_enabled_restoreTestNextAt_idx` ON `BackupSchedule`(`enabled`, `restoreTestNextAt`);

-- CreateTable
CREATE TABLE `RestoreTest` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `scheduleId` CHAR(36) NULL,
    `guestId` CHAR(36) NOT NULL,
    `guestName` VARCHAR(191) NULL,
    `clusterId` CHAR(36) NOT NULL,
    `node` VARCHAR(64) NOT NULL,
    `vmid` INTEGER NOT NULL,
    `status` VARCHAR(16) NOT NULL DEFAULT 'queued',
    `volid` VARCHAR(255) NULL,
    `backupAt` DATETIME(3) NULL,
    `scratchVmid` INTEGER NULL,
    `restoreMs` INTEGER NULL,
    `bootMs` INTEGER NULL,
    `error` TEXT NULL,
    `jobId` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `startedAt` DATETIME(3) NULL,
    `finishedAt` DATETIME(3) NULL,

    INDEX `RestoreTest_companyId_guestId_createdAt_idx`(`companyId`, `guestId`, `createdAt`),
    INDEX `RestoreTest_guestId_createdAt_idx`(`guestId`, `createdAt`),
    INDEX `RestoreTest_scheduleId_idx`(`scheduleId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `RestoreTest` ADD CONSTRAINT `RestoreTest_scheduleId_fkey` FOREIGN KEY (`scheduleId`) REFERENCES `BackupSchedule`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
