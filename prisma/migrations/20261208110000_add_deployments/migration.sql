-- CreateTable
CREATE TABLE `Deployment` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `name` VARCHAR(48) NOT NULL,
    `repoUrl` VARCHAR(500) NOT NULL,
    `repoToken` TEXT NULL,
    `ref` VARCHAR(200) NOT NULL,
    `framework` VARCHAR(32) NOT NULL,
    `runtimeVersion` VARCHAR(20) NULL,
    `guestId` CHAR(36) NOT NULL,
    `sshUser` VARCHAR(32) NOT NULL,
    `sshPort` INTEGER NOT NULL DEFAULT 22,
    `hostKey` VARCHAR(100) NULL,
    `port` INTEGER NOT NULL,
    `installCommand` TEXT NOT NULL,
    `buildCommand` TEXT NOT NULL,
    `startCommand` TEXT NOT NULL,
    `healthPath` VARCHAR(200) NOT NULL,
    `envKeys` JSON NOT NULL,
    `envValues` TEXT NOT NULL,
    `domain` VARCHAR(253) NULL,
    `keepReleases` INTEGER NOT NULL DEFAULT 5,
    `accessPublicKey` TEXT NOT NULL,
    `accessPrivateKey` TEXT NOT NULL,
    `deployPublicKey` TEXT NULL,
    `deployPrivateKey` TEXT NULL,
    `webhookSecret` TEXT NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `failedStep` VARCHAR(32) NULL,
    `error` TEXT NULL,
    `currentReleaseId` CHAR(36) NULL,
    `lastJobId` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `Deployment_status_idx`(`status`),
    UNIQUE INDEX `Deployment_companyId_name_key`(`companyId`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `DeploymentRelease` (
    `id` CHAR(36) NOT NULL,
    `deploymentId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `commit` VARCHAR(40) NULL,
    `author` VARCHAR(200) NULL,
    `message` VARCHAR(500) NULL,
    `trigger` VARCHAR(16) NOT NULL,
    `triggeredBy` CHAR(36) NULL,
    `status` VARCHAR(16) NOT NULL,
    `failedStep` VARCHAR(32) NULL,
    `durationMs` INTEGER NULL,
    `available` BOOLEAN NOT NULL DEFAULT false,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `finishedAt` DATETIME(3) NULL,

    INDEX `DeploymentRelease_deploymentId_createdAt_idx`(`deploymentId`, `createdAt`),
    INDEX `DeploymentRelease_companyId_idx`(`companyId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `DeploymentRelease` ADD CONSTRAINT `DeploymentRelease_deploymentId_fkey` FOREIGN KEY (`deploymentId`) REFERENCES `Deployment`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
