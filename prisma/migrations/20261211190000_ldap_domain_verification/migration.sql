-- CreateTable
CREATE TABLE `LdapDomainVerification` (
    `domain` VARCHAR(191) NOT NULL,
    `directoryId` CHAR(36) NOT NULL,
    `method` VARCHAR(16) NOT NULL,
    `verifiedById` CHAR(36) NULL,
    `verifiedAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `LdapDomainVerification_directoryId_idx`(`directoryId`),
    PRIMARY KEY (`domain`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `LdapDomainVerification` ADD CONSTRAINT `LdapDomainVerification_directoryId_fkey` FOREIGN KEY (`directoryId`) REFERENCES `LdapDirectory`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- The staff directory's domains were set by a super_admin: approved. A company's domains must now
-- be proven (DNS TXT) or approved before they route sign-ins again.
INSERT IGNORE INTO `LdapDomainVerification` (`domain`, `directoryId`, `method`)
SELECT LOWER(d.domain), l.`id`, 'approval'
FROM `LdapDirectory` l,
     JSON_TABLE(l.`allowedDomains`, '$[*]' COLUMNS (domain VARCHAR(191) PATH '$')) d
WHERE l.`companyId` IS NULL AND d.domain IS NOT NULL;
