-- CreateTable
CREATE TABLE `Cluster` (
    `id` CHAR(36) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `endpoints` JSON NOT NULL,
    `fingerprint` VARCHAR(95) NULL,
    `caPem` TEXT NULL,
    `authType` VARCHAR(16) NOT NULL,
    `authUser` VARCHAR(191) NOT NULL,
    `secret` TEXT NOT NULL,
    `location` VARCHAR(191) NULL,
    `tags` JSON NOT NULL,
    `healthIntervalSec` INTEGER NOT NULL DEFAULT 30,
    `syncIntervalSec` INTEGER NOT NULL DEFAULT 60,
    `status` ENUM('unknown', 'online', 'degraded', 'offline') NOT NULL DEFAULT 'unknown',
    `pveVersion` VARCHAR(32) NULL,
    `quorate` BOOLEAN NULL,
    `lastCheckAt` DATETIME(3) NULL,
    `lastOkAt` DATETIME(3) NULL,
    `lastError` TEXT NULL,
    `lastLatencyMs` INTEGER NULL,
    `successRate` DOUBLE NULL,
    `avgLatencyMs` INTEGER NULL,
    `p95LatencyMs` INTEGER NULL,
    `lastSyncAt` DATETIME(3) NULL,
    `lastSyncError` TEXT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `Cluster_name_key`(`name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ClusterCompany` (
    `clusterId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `ClusterCompany_companyId_idx`(`companyId`),
    PRIMARY KEY (`clusterId`, `companyId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ClusterNode` (
    `id` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `maxcpu` INTEGER NULL,
    `maxmem` BIGINT NULL,
    `maxdisk` BIGINT NULL,
    `level` VARCHAR(16) NULL,
    `goneAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `ClusterNode_clusterId_name_key`(`clusterId`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ClusterStorage` (
    `id` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `node` VARCHAR(64) NOT NULL,
    `storage` VARCHAR(64) NOT NULL,
    `type` VARCHAR(32) NULL,
    `content` VARCHAR(191) NULL,
    `shared` BOOLEAN NOT NULL DEFAULT false,
    `status` VARCHAR(16) NULL,
    `disk` BIGINT NULL,
    `maxdisk` BIGINT NULL,
    `goneAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `ClusterStorage_clusterId_node_storage_key`(`clusterId`, `node`, `storage`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Guest` (
    `id` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `vmid` INTEGER NOT NULL,
    `activeVmid` INTEGER NULL,
    `kind` ENUM('qemu', 'lxc') NOT NULL,
    `name` VARCHAR(191) NULL,
    `status` VARCHAR(16) NOT NULL,
    `node` VARCHAR(64) NOT NULL,
    `maxcpu` DOUBLE NULL,
    `maxmem` BIGINT NULL,
    `maxdisk` BIGINT NULL,
    `tags` JSON NOT NULL,
    `pool` VARCHAR(64) NULL,
    `template` BOOLEAN NOT NULL DEFAULT false,
    `lock` VARCHAR(32) NULL,
    `companyId` CHAR(36) NULL,
    `importedAt` DATETIME(3) NULL,
    `syncHash` CHAR(16) NOT NULL,
    `firstSeenAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `lastSeenAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `goneAt` DATETIME(3) NULL,
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `Guest_clusterId_vmid_idx`(`clusterId`, `vmid`),
    INDEX `Guest_companyId_idx`(`companyId`),
    INDEX `Guest_clusterId_companyId_goneAt_idx`(`clusterId`, `companyId`, `goneAt`),
    UNIQUE INDEX `Guest_clusterId_activeVmid_key`(`clusterId`, `activeVmid`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ClusterHealthSample` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `clusterId` CHAR(36) NOT NULL,
    `at` DATETIME(3) NOT NULL,
    `ok` BOOLEAN NOT NULL,
    `latencyMs` INTEGER NULL,
    `error` VARCHAR(512) NULL,

    INDEX `ClusterHealthSample_clusterId_at_idx`(`clusterId`, `at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `ClusterCompany` ADD CONSTRAINT `ClusterCompany_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ClusterNode` ADD CONSTRAINT `ClusterNode_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ClusterStorage` ADD CONSTRAINT `ClusterStorage_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Guest` ADD CONSTRAINT `Guest_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ClusterHealthSample` ADD CONSTRAINT `ClusterHealthSample_clusterId_fkey` FOREIGN KEY (`clusterId`) REFERENCES `Cluster`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
