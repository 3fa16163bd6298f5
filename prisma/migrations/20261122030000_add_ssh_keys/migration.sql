-- AlterTable
ALTER TABLE `Cluster` ADD COLUMN `sshUser` VARCHAR(64) NOT NULL DEFAULT 'root';

-- AlterTable
ALTER TABLE `ClusterNode` ADD COLUMN `sshHost` VARCHAR(255) NULL,
    ADD COLUMN `sshPort` INTEGER NULL;

-- CreateTable
CREATE TABLE `SshKey` (
    `id` CHAR(36) NOT NULL,
    `fingerprint` VARCHAR(64) NOT NULL,
    `publicKey` TEXT NOT NULL,
    `privateKey` TEXT NOT NULL,
    `status` ENUM('active', 'retiring', 'retired') NOT NULL DEFAULT 'active',
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `retiredAt` DATETIME(3) NULL,

    UNIQUE INDEX `SshKey_fingerprint_key`(`fingerprint`),
    INDEX `SshKey_status_idx`(`status`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `SshNodeHealth` (
    `clusterNodeId` CHAR(36) NOT NULL,
    `acceptedKeyIds` JSON NOT NULL,
    `acceptsActive` BOOLEAN NOT NULL DEFAULT false,
    `latencyMs` INTEGER NULL,
    `lastCheckAt` DATETIME(3) NOT NULL,
    `lastOkAt` DATETIME(3) NULL,
    `lastError` TEXT NULL,

    PRIMARY KEY (`clusterNodeId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `SshNodeHealth` ADD CONSTRAINT `SshNodeHealth_clusterNodeId_fkey` FOREIGN KEY (`clusterNodeId`) REFERENCES `ClusterNode`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
