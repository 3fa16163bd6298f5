-- CreateTable
CREATE TABLE `NotificationChannel` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NULL,
    `name` VARCHAR(100) NOT NULL,
    `type` ENUM('email', 'webhook') NOT NULL,
    `config` JSON NOT NULL,
    `secret` TEXT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `NotificationChannel_companyId_idx`(`companyId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AlertRule` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NULL,
    `name` VARCHAR(100) NOT NULL,
    `metric` ENUM('guest_cpu', 'guest_memory', 'guest_disk', 'guest_down', 'node_cpu', 'node_memory', 'node_offline', 'storage_fill', 'cluster_unreachable') NOT NULL,
    `threshold` DOUBLE NOT NULL,
    `forSec` INTEGER NOT NULL,
    `severity` ENUM('info', 'warning', 'critical') NOT NULL,
    `clusterId` CHAR(36) NULL,
    `guestId` CHAR(36) NULL,
    `tag` VARCHAR(64) NULL,
    `repeatSec` INTEGER NOT NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `createdById` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `AlertRule_companyId_idx`(`companyId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AlertRuleChannel` (
    `ruleId` CHAR(36) NOT NULL,
    `channelId` CHAR(36) NOT NULL,

    INDEX `AlertRuleChannel_channelId_idx`(`channelId`),
    PRIMARY KEY (`ruleId`, `channelId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Alert` (
    `id` CHAR(36) NOT NULL,
    `ruleId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NULL,
    `clusterId` CHAR(36) NULL,
    `guestId` CHAR(36) NULL,
    `target` VARCHAR(191) NOT NULL,
    `targetLabel` VARCHAR(191) NOT NULL,
    `openKey` VARCHAR(240) NULL,
    `state` ENUM('pending', 'firing', 'resolved') NOT NULL,
    `severity` ENUM('info', 'warning', 'critical') NOT NULL,
    `value` DOUBLE NULL,
    `since` DATETIME(3) NOT NULL,
    `firedAt` DATETIME(3) NULL,
    `resolvedAt` DATETIME(3) NULL,
    `lastNotifiedAt` DATETIME(3) NULL,
    `acknowledgedAt` DATETIME(3) NULL,
    `acknowledgedById` CHAR(36) NULL,
    `ackComment` TEXT NULL,
    `silencedUntil` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `Alert_openKey_key`(`openKey`),
    INDEX `Alert_companyId_state_idx`(`companyId`, `state`),
    INDEX `Alert_state_severity_idx`(`state`, `severity`),
    INDEX `Alert_ruleId_clusterId_idx`(`ruleId`, `clusterId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AlertEvent` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `alertId` CHAR(36) NOT NULL,
    `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `kind` VARCHAR(16) NOT NULL,
    `userId` CHAR(36) NULL,
    `comment` TEXT NULL,

    INDEX `AlertEvent_alertId_at_idx`(`alertId`, `at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AlertDelivery` (
    `id` CHAR(36) NOT NULL,
    `alertId` CHAR(36) NULL,
    `channelId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NULL,
    `event` VARCHAR(16) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `attempts` INTEGER NOT NULL DEFAULT 0,
    `error` TEXT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `sentAt` DATETIME(3) NULL,

    INDEX `AlertDelivery_alertId_idx`(`alertId`),
    INDEX `AlertDelivery_channelId_createdAt_idx`(`channelId`, `createdAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `AlertRuleChannel` ADD CONSTRAINT `AlertRuleChannel_ruleId_fkey` FOREIGN KEY (`ruleId`) REFERENCES `AlertRule`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AlertRuleChannel` ADD CONSTRAINT `AlertRuleChannel_channelId_fkey` FOREIGN KEY (`channelId`) REFERENCES `NotificationChannel`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Alert` ADD CONSTRAINT `Alert_ruleId_fkey` FOREIGN KEY (`ruleId`) REFERENCES `AlertRule`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AlertEvent` ADD CONSTRAINT `AlertEvent_alertId_fkey` FOREIGN KEY (`alertId`) REFERENCES `Alert`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AlertDelivery` ADD CONSTRAINT `AlertDelivery_alertId_fkey` FOREIGN KEY (`alertId`) REFERENCES `Alert`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AlertDelivery` ADD CONSTRAINT `AlertDelivery_channelId_fkey` FOREIGN KEY (`channelId`) REFERENCES `NotificationChannel`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
