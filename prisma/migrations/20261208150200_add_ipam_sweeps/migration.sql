-- CreateTable
CREATE TABLE `IpamSweep` (
    `id` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `status` VARCHAR(16) NOT NULL DEFAULT 'running',
    `jobId` CHAR(36) NULL,
    `guestsChecked` INTEGER NOT NULL DEFAULT 0,
    `guestsSkipped` INTEGER NOT NULL DEFAULT 0,
    `findings` JSON NULL,
    `error` TEXT NULL,
    `startedAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `finishedAt` DATETIME(3) NULL,

    INDEX `IpamSweep_clusterId_startedAt_idx`(`clusterId`, `startedAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `IpamSweep` ADD CONSTRAINT `IpamSweep_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
