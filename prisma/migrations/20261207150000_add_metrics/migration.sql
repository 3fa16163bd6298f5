-- CreateTable
CREATE TABLE `MetricSeries` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `kind` ENUM('cluster', 'node', 'company') NOT NULL,
    `key` VARCHAR(160) NOT NULL,
    `clusterId` CHAR(36) NULL,
    `node` VARCHAR(64) NULL,
    `companyId` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `MetricSeries_key_key`(`key`),
    INDEX `MetricSeries_clusterId_idx`(`clusterId`),
    INDEX `MetricSeries_companyId_idx`(`companyId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `MetricPoint` (
    `seriesId` INTEGER NOT NULL,
    `step` INTEGER NOT NULL,
    `at` DATETIME(0) NOT NULL,
    `cpu` FLOAT NOT NULL,
    `maxcpu` FLOAT NOT NULL,
    `mem` FLOAT NOT NULL,
    `maxmem` FLOAT NOT NULL,
    `disk` FLOAT NOT NULL,
    `maxdisk` FLOAT NOT NULL,
    `netin` FLOAT NOT NULL,
    `netout` FLOAT NOT NULL,
    `diskread` FLOAT NOT NULL,
    `diskwrite` FLOAT NOT NULL,
    `running` INTEGER NOT NULL,
    `guests` INTEGER NOT NULL,

    INDEX `MetricPoint_step_at_idx`(`step`, `at`),
    PRIMARY KEY (`seriesId`, `step`, `at`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `MetricPoint` ADD CONSTRAINT `MetricPoint_seriesId_fkey` FOREIGN KEY (`seriesId`) REFERENCES `MetricSeries`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
