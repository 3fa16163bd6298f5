-- CreateTable
CREATE TABLE `VmTemplateCompany` (
    `templateId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `VmTemplateCompany_companyId_idx`(`companyId`),
    PRIMARY KEY (`templateId`, `companyId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Move each template's allow-list out of the JSON column; ids of companies deleted since are dropped.
INSERT INTO `VmTemplateCompany` (`templateId`, `companyId`)
SELECT DISTINCT t.`id`, c.`id`
  FROM `VmTemplate` t
  JOIN JSON_TABLE(t.`allowedCompanyIds`, '$[*]' COLUMNS (`companyId` VARCHAR(191) PATH '$')) j
  JOIN `Company` c ON c.`id` = j.`companyId` COLLATE utf8mb4_unicode_ci;

-- AlterTable
ALTER TABLE `VmTemplate` DROP COLUMN `allowedCompanyIds`;

-- AddForeignKey
ALTER TABLE `VmTemplateCompany` ADD CONSTRAINT `VmTemplateCompany_templateId_fkey` FOREIGN KEY (`templateId`) REFERENCES `VmTemplate`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `VmTemplateCompany` ADD CONSTRAINT `VmTemplateCompany_companyId_fkey` FOREIGN KEY (`companyId`) REFERENCES `Company`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
