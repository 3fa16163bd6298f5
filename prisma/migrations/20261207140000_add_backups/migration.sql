-- CreateTable
CREATE TABLE `BackupSchedule` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `selection` JSON NOT NULL,
    `cron` VARCHAR(100) NOT NULL,
    `timezone` VARCHAR(64) NOT NULL,
    `storage` VARCHAR(64) NOT NULL,
    `mode` VARCHAR(16) NOT NULL,
    `compress` VARCHAR(8) NOT NULL,
    `notesTemplate` VARCHAR(1024) NULL,
    `protected` BOOLEAN NOT NULL DEFAULT false,
    `retention` JSON NOT NULL,
    `windowMinutes` INTEGER NOT NULL DEFAULT 360,
    `nextRunAt` DATETIME(3) NULL,
    `lastRunAt` DATETIME(3) NULL,
    `createdById` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `BackupSchedule_companyId_name_idx`(`companyId`, `name`),
    INDEX `BackupSchedule_enabled_nextRunAt_idx`(`enabled`, `nextRunAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BackupRun` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `scheduleId` CHAR(36) NULL,
    `trigger` VARCHAR(16) NOT NULL,
    `status` VARCHAR(16) NOT NULL DEFAULT 'queued',
    `storage` VARCHAR(64) NOT NULL,
    `plannedAt` DATETIME(3) NOT NULL,
    `finishedAt` DATETIME(3) NULL,
    `actorId` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `BackupRun_companyId_plannedAt_idx`(`companyId`, `plannedAt`),
    UNIQUE INDEX `BackupRun_scheduleId_plannedAt_key`(`scheduleId`, `plannedAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BackupResult` (
    `id` CHAR(36) NOT NULL,
    `runId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `guestId` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `node` VARCHAR(64) NOT NULL,
    `vmid` INTEGER NOT NULL,
    `guestName` VARCHAR(191) NULL,
    `status` VARCHAR(16) NOT NULL DEFAULT 'queued',
    `jobId` CHAR(36) NULL,
    `upid` VARCHAR(255) NULL,
    `volid` VARCHAR(255) NULL,
    `sizeBytes` BIGINT NULL,
    `durationMs` INTEGER NULL,
    `error` TEXT NULL,
    `startedAt` DATETIME(3) NULL,
    `finishedAt` DATETIME(3) NULL,

    INDEX `BackupResult_guestId_finishedAt_idx`(`guestId`, `finishedAt`),
    INDEX `BackupResult_companyId_status_idx`(`companyId`, `status`),
    UNIQUE INDEX `BackupResult_runId_guestId_key`(`runId`, `guestId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `BackupRun` ADD CONSTRAINT `BackupRun_scheduleId_fkey` FOREIGN KEY (`scheduleId`) REFERENCES `BackupSchedule`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `BackupResult` ADD CONSTRAINT `BackupResult_runId_fkey` FOREIGN KEY (`runId`) REFERENCES `BackupRun`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
