-- CreateTable
CREATE TABLE `VlanPool` (
    `id` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `vlanFrom` INTEGER NOT NULL,
    `vlanTo` INTEGER NOT NULL,
    `note` VARCHAR(500) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `VlanPool_clusterId_vlanFrom_idx`(`clusterId`, `vlanFrom`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `VlanAssignment` (
    `id` CHAR(36) NOT NULL,
    `poolId` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `vlan` INTEGER NOT NULL,
    `companyId` CHAR(36) NULL,
    `purpose` VARCHAR(32) NOT NULL,
    `note` VARCHAR(500) NULL,
    `actorId` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `VlanAssignment_companyId_idx`(`companyId`),
    INDEX `VlanAssignment_poolId_idx`(`poolId`),
    UNIQUE INDEX `VlanAssignment_clusterId_vlan_key`(`clusterId`, `vlan`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `VlanPool` ADD CONSTRAINT `VlanPool_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `VlanAssignment` ADD CONSTRAINT `VlanAssignment_poolId_fkey` FOREIGN KEY (`poolId`) REFERENCES `VlanPool`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `VlanAssignment` ADD CONSTRAINT `VlanAssignment_companyId_fkey` FOREIGN KEY (`companyId`) REFERENCES `Company`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
