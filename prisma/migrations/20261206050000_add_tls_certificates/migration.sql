-- CreateTable
CREATE TABLE `TlsCertificate` (
    `id` CHAR(36) NOT NULL,
    `domains` JSON NOT NULL,
    `email` VARCHAR(191) NOT NULL,
    `directoryUrl` VARCHAR(500) NOT NULL,
    `status` ENUM('pending', 'issued', 'failed') NOT NULL DEFAULT 'pending',
    `reason` VARCHAR(16) NOT NULL,
    `issuer` VARCHAR(255) NULL,
    `serial` VARCHAR(128) NULL,
    `notBefore` DATETIME(3) NULL,
    `notAfter` DATETIME(3) NULL,
    `error` TEXT NULL,
    `accountKey` TEXT NULL,
    `requestedById` CHAR(36) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `finishedAt` DATETIME(3) NULL,

    INDEX `TlsCertificate_status_notAfter_idx`(`status`, `notAfter`),
    INDEX `TlsCertificate_createdAt_idx`(`createdAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
