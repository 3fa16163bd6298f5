-- CreateTable
CREATE TABLE `IpRange` (
    `id` CHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `companyId` CHAR(36) NULL,
    `family` SMALLINT NOT NULL,
    `cidr` VARCHAR(50) NOT NULL,
    `prefixLength` SMALLINT NOT NULL,
    `startHex` CHAR(32) NOT NULL,
    `endHex` CHAR(32) NOT NULL,
    `firstOffset` BIGINT NOT NULL,
    `lastOffset` BIGINT NOT NULL,
    `vlan` INTEGER NULL,
    `gateway` VARCHAR(45) NULL,
    `dnsServers` JSON NOT NULL,
    `searchDomain` VARCHAR(253) NULL,
    `holdSeconds` INTEGER NOT NULL DEFAULT 3600,
    `note` TEXT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `IpRange_companyId_name_idx`(`companyId`, `name`),
    INDEX `IpRange_name_idx`(`name`),
    INDEX `IpRange_family_startHex_endHex_idx`(`family`, `startHex`, `endHex`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `IpRangeCluster` (
    `rangeId` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,

    INDEX `IpRangeCluster_clusterId_idx`(`clusterId`),
    PRIMARY KEY (`rangeId`, `clusterId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `IpRangeFree` (
    `rangeId` CHAR(36) NOT NULL,
    `startOffset` BIGINT NOT NULL,
    `endOffset` BIGINT NOT NULL,

    PRIMARY KEY (`rangeId`, `startOffset`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `IpAddress` (
    `id` CHAR(36) NOT NULL,
    `rangeId` CHAR(36) NOT NULL,
    `offset` BIGINT NOT NULL,
    `address` VARCHAR(45) NOT NULL,
    `status` ENUM('allocated', 'reserved', 'held') NOT NULL,
    `purpose` ENUM('guest', 'firewall', 'gateway', 'device', 'other') NOT NULL,
    `companyId` CHAR(36) NULL,
    `guestId` CHAR(36) NULL,
    `nic` INTEGER NULL,
    `hostname` VARCHAR(253) NULL,
    `note` VARCHAR(500) NULL,
    `actorId` CHAR(36) NULL,
    `allocatedAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `holdUntil` DATETIME(3) NULL,
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `IpAddress_rangeId_status_offset_idx`(`rangeId`, `status`, `offset`),
    INDEX `IpAddress_rangeId_companyId_offset_idx`(`rangeId`, `companyId`, `offset`),
    INDEX `IpAddress_rangeId_address_idx`(`rangeId`, `address`),
    INDEX `IpAddress_guestId_idx`(`guestId`),
    INDEX `IpAddress_status_holdUntil_idx`(`status`, `holdUntil`),
    UNIQUE INDEX `IpAddress_rangeId_offset_key`(`rangeId`, `offset`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `IpAddressEvent` (
    `id` CHAR(36) NOT NULL,
    `rangeId` CHAR(36) NOT NULL,
    `offset` BIGINT NOT NULL,
    `address` VARCHAR(45) NOT NULL,
    `action` ENUM('allocate', 'reserve', 'release', 'reclaim') NOT NULL,
    `companyId` CHAR(36) NULL,
    `guestId` CHAR(36) NULL,
    `nic` INTEGER NULL,
    `purpose` ENUM('guest', 'firewall', 'gateway', 'device', 'other') NULL,
    `actorId` CHAR(36) NULL,
    `note` VARCHAR(500) NULL,
    `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `IpAddressEvent_rangeId_offset_at_idx`(`rangeId`, `offset`, `at`),
    INDEX `IpAddressEvent_guestId_idx`(`guestId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `IpRange` ADD CONSTRAINT `IpRange_companyId_fkey` FOREIGN KEY (`companyId`) REFERENCES `Company`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `IpRangeCluster` ADD CONSTRAINT `IpRangeCluster_rangeId_fkey` FOREIGN KEY (`rangeId`) REFERENCES `IpRange`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `IpRangeCluster` ADD CONSTRAINT `IpRangeCluster_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `IpRangeFree` ADD CONSTRAINT `IpRangeFree_rangeId_fkey` FOREIGN KEY (`rangeId`) REFERENCES `IpRange`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `IpAddress` ADD CONSTRAINT `IpAddress_rangeId_fkey` FOREIGN KEY (`rangeId`) REFERENCES `IpRange`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `IpAddressEvent` ADD CONSTRAINT `IpAddressEvent_rangeId_fkey` FOREIGN KEY (`rangeId`) REFERENCES `IpRange`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
