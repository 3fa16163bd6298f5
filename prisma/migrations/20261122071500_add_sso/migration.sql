-- CreateTable
CREATE TABLE `IdentityProvider` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NULL,
    `type` ENUM('entra') NOT NULL DEFAULT 'entra',
    `tenantId` VARCHAR(64) NOT NULL,
    `clientId` VARCHAR(191) NOT NULL,
    `clientSecret` TEXT NOT NULL,
    `allowedDomains` JSON NOT NULL,
    `groupRoleMap` JSON NOT NULL,
    `defaultRole` ENUM('super_admin', 'salesperson', 'company_admin', 'user') NULL,
    `jitProvisioning` BOOLEAN NOT NULL DEFAULT false,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `issuerOverride` VARCHAR(500) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `IdentityProvider_companyId_key`(`companyId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `IdentityProvider` ADD CONSTRAINT `IdentityProvider_companyId_fkey` FOREIGN KEY (`companyId`) REFERENCES `Company`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
