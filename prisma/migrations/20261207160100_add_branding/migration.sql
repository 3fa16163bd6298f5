-- CreateTable
CREATE TABLE `Branding` (
    `owner` VARCHAR(36) NOT NULL,
    `productName` VARCHAR(80) NULL,
    `primaryColor` CHAR(7) NULL,
    `secondaryColor` CHAR(7) NULL,
    `supportEmail` VARCHAR(191) NULL,
    `supportPhone` VARCHAR(64) NULL,
    `footerText` VARCHAR(500) NULL,
    `mailFromName` VARCHAR(120) NULL,
    `mailFromAddress` VARCHAR(191) NULL,
    `assets` JSON NULL,
    `updatedAt` DATETIME(3) NOT NULL,

    PRIMARY KEY (`owner`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BrandingHost` (
    `host` VARCHAR(253) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `BrandingHost_companyId_idx`(`companyId`),
    PRIMARY KEY (`host`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
