-- CreateTable
CREATE TABLE `SsoDomainVerification` (
    `domain` VARCHAR(191) NOT NULL,
    `providerId` CHAR(36) NOT NULL,
    `method` VARCHAR(16) NOT NULL,
    `verifiedById` CHAR(36) NULL,
    `verifiedAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `SsoDomainVerification_providerId_idx`(`providerId`),
    PRIMARY KEY (`domain`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `SsoDomainVerification` ADD CONSTRAINT `SsoDomainVerification_providerId_fkey` FOREIGN KEY (`providerId`) REFERENCES `IdentityProvider`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- The platform provider's domains were set by a super_admin: approved. A company's domains must now
-- be proven (DNS TXT) or approved before they route sign-ins again.
INSERT IGNORE INTO `SsoDomainVerification` (`domain`, `providerId`, `method`)
SELECT LOWER(d.domain), p.`id`, 'approval'
FROM `IdentityProvider` p,
     JSON_TABLE(p.`allowedDomains`, '$[*]' COLUMNS (domain VARCHAR(191) PATH '$')) d
WHERE p.`companyId` IS NULL AND d.domain IS NOT NULL;
