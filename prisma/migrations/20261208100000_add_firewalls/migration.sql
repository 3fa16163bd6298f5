-- CreateTable
CREATE TABLE `Firewall` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `url` VARCHAR(300) NOT NULL,
    `apiKey` TEXT NOT NULL,
    `apiSecret` TEXT NOT NULL,
    `fingerprint` VARCHAR(95) NOT NULL,
    `version` VARCHAR(32) NULL,
    `lastSeenAt` DATETIME(3) NULL,
    `lastError` TEXT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `Firewall_companyId_name_idx`(`companyId`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `FirewallChange` (
    `id` CHAR(36) NOT NULL,
    `firewallId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `operations` JSON NOT NULL,
    `diff` JSON NOT NULL,
    `note` VARCHAR(500) NULL,
    `reason` TEXT NULL,
    `revision` VARCHAR(40) NULL,
    `durationMs` INTEGER NULL,
    `createdById` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `appliedAt` DATETIME(3) NULL,

    INDEX `FirewallChange_firewallId_createdAt_idx`(`firewallId`, `createdAt`),
    INDEX `FirewallChange_companyId_idx`(`companyId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `FirewallChange` ADD CONSTRAINT `FirewallChange_firewallId_fkey` FOREIGN KEY (`firewallId`) REFERENCES `Firewall`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
