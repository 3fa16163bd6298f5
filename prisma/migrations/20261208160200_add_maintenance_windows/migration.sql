-- CreateTable
CREATE TABLE `MaintenanceWindow` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NULL,
    `clusterId` CHAR(36) NULL,
    `node` VARCHAR(64) NULL,
    `guestId` CHAR(36) NULL,
    `startsAt` DATETIME(3) NOT NULL,
    `endsAt` DATETIME(3) NOT NULL,
    `reason` VARCHAR(200) NOT NULL,
    `createdById` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `MaintenanceWindow_companyId_idx`(`companyId`),
    INDEX `MaintenanceWindow_endsAt_idx`(`endsAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
