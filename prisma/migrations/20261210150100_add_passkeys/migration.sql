-- AlterTable
ALTER TABLE `Company` ADD COLUMN `requirePhishingResistantMfa` BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE `Passkey` (
    `id` CHAR(36) NOT NULL,
    `userId` CHAR(36) NOT NULL,
    `credentialId` VARCHAR(512) NOT NULL,
    `publicKey` TEXT NOT NULL,
    `counter` BIGINT NOT NULL DEFAULT 0,
    `transports` JSON NULL,
    `name` VARCHAR(100) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `lastUsedAt` DATETIME(3) NULL,

    UNIQUE INDEX `Passkey_credentialId_key`(`credentialId`),
    INDEX `Passkey_userId_idx`(`userId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Passkey` ADD CONSTRAINT `Passkey_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
