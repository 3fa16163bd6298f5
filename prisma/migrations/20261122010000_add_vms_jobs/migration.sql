-- CreateIndex
CREATE INDEX `Guest_companyId_goneAt_name_idx` ON `Guest`(`companyId`, `goneAt`, `name`);

-- CreateIndex
CREATE INDEX `Guest_goneAt_name_idx` ON `Guest`(`goneAt`, `name`);

-- CreateTable
CREATE TABLE `Job` (
    `id` CHAR(36) NOT NULL,
    `type` VARCHAR(64) NOT NULL,
    `status` ENUM('queued', 'running', 'succeeded', 'failed', 'cancelled') NOT NULL DEFAULT 'queued',
    `progress` INTEGER NOT NULL DEFAULT 0,
    `message` VARCHAR(512) NULL,
    `companyId` CHAR(36) NULL,
    `actorId` CHAR(36) NULL,
    `guestId` CHAR(36) NULL,
    `clusterId` CHAR(36) NULL,
    `node` VARCHAR(64) NULL,
    `upid` VARCHAR(255) NULL,
    `params` JSON NOT NULL,
    `result` JSON NULL,
    `error` TEXT NULL,
    `idempotencyKey` VARCHAR(191) NULL,
    `attempts` INTEGER NOT NULL DEFAULT 0,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `startedAt` DATETIME(3) NULL,
    `finishedAt` DATETIME(3) NULL,
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `Job_actorId_idempotencyKey_key`(`actorId`, `idempotencyKey`),
    INDEX `Job_companyId_createdAt_idx`(`companyId`, `createdAt`),
    INDEX `Job_guestId_createdAt_idx`(`guestId`, `createdAt`),
    INDEX `Job_status_idx`(`status`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `JobLog` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `jobId` CHAR(36) NOT NULL,
    `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `line` TEXT NOT NULL,

    INDEX `JobLog_jobId_id_idx`(`jobId`, `id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `VmTemplate` (
    `id` CHAR(36) NOT NULL,
    `clusterId` CHAR(36) NOT NULL,
    `node` VARCHAR(64) NOT NULL,
    `vmid` INTEGER NOT NULL,
    `kind` ENUM('qemu', 'lxc') NOT NULL,
    `name` VARCHAR(191) NOT NULL,
    `windowsGpu` BOOLEAN NOT NULL DEFAULT false,
    `allowedCompanyIds` JSON NOT NULL,
    `lastSeenAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `goneAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `VmTemplate_clusterId_vmid_key`(`clusterId`, `vmid`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `QuotaRequest` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `requestedById` CHAR(36) NOT NULL,
    `requested` JSON NOT NULL,
    `reason` TEXT NOT NULL,
    `status` ENUM('pending', 'approved', 'declined') NOT NULL DEFAULT 'pending',
    `decidedById` CHAR(36) NULL,
    `decidedAt` DATETIME(3) NULL,
    `note` TEXT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `QuotaRequest_companyId_status_idx`(`companyId`, `status`),
    INDEX `QuotaRequest_status_createdAt_idx`(`status`, `createdAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `JobLog` ADD CONSTRAINT `JobLog_jobId_fkey` FOREIGN KEY (`jobId`) REFERENCES `Job`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
