-- AlterTable
ALTER TABLE `FirewallChange` ADD COLUMN `jobId` CHAR(36) NULL;

-- CreateTable
CREATE TABLE `CompanyGuestNetwork` (
    `companyId` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `bridge` VARCHAR(32) NOT NULL,
    `vlan` INTEGER NULL,
    `rangeId` CHAR(36) NOT NULL,
    `firewallId` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `CompanyGuestNetwork_clusterId_idx`(`clusterId`),
    INDEX `CompanyGuestNetwork_rangeId_idx`(`rangeId`),
    PRIMARY KEY (`companyId`, `clusterId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `CompanyGuestNetwork` ADD CONSTRAINT `CompanyGuestNetwork_companyId_fkey` FOREIGN KEY (`companyId`) REFERENCES `Company`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `CompanyGuestNetwork` ADD CONSTRAINT `CompanyGuestNetwork_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `CompanyGuestNetwork` ADD CONSTRAINT `CompanyGuestNetwork_rangeId_fkey` FOREIGN KEY (`rangeId`) REFERENCES `IpRange`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
