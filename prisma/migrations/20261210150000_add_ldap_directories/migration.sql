-- CreateTable
CREATE TABLE `LdapDirectory` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NULL,
    `url` VARCHAR(500) NOT NULL,
    `startTls` BOOLEAN NOT NULL DEFAULT false,
    `caPem` TEXT NULL,
    `bindDn` VARCHAR(500) NOT NULL,
    `bindPassword` TEXT NOT NULL,
    `searchBase` VARCHAR(500) NOT NULL,
    `userFilter` VARCHAR(1000) NOT NULL,
    `allowedDomains` JSON NOT NULL,
    `groupMappings` JSON NOT NULL,
    `jitProvisioning` BOOLEAN NOT NULL DEFAULT false,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `LdapDirectory_companyId_key`(`companyId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `LdapDirectory` ADD CONSTRAINT `LdapDirectory_companyId_fkey` FOREIGN KEY (`companyId`) REFERENCES `Company`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
