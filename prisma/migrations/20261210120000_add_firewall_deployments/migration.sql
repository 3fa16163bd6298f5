-- CreateTable
CREATE TABLE `FirewallDeployment` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `firewallId` CHAR(36) NULL,
    `jobId` CHAR(36) NULL,
    `clusterId` CHAR(36) NOT NULL,
    `vmid` INTEGER NULL,
    `kind` VARCHAR(16) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `authMethod` VARCHAR(16) NOT NULL,
    `steps` JSON NOT NULL,
    `durationMs` INTEGER NULL,
    `error` TEXT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `finishedAt` DATETIME(3) NULL,

    INDEX `FirewallDeployment_companyId_createdAt_idx`(`companyId`, `createdAt`),
    INDEX `FirewallDeployment_firewallId_idx`(`firewallId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
