-- CreateTable
CREATE TABLE `SnapshotSchedule` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `tag` VARCHAR(16) NOT NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `selection` JSON NOT NULL,
    `cron` VARCHAR(100) NOT NULL,
    `timezone` VARCHAR(64) NOT NULL,
    `keepLast` INTEGER NOT NULL,
    `maxAgeHours` INTEGER NULL,
    `includeRam` BOOLEAN NOT NULL DEFAULT false,
    `nextRunAt` DATETIME(3) NULL,
    `lastRunAt` DATETIME(3) NULL,
    `createdById` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `SnapshotSchedule_tag_key`(`tag`),
    INDEX `SnapshotSchedule_companyId_name_idx`(`companyId`, `name`),
    INDEX `SnapshotSchedule_enabled_nextRunAt_idx`(`enabled`, `nextRunAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
