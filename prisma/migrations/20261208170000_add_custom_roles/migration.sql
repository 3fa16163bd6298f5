-- CreateTable
CREATE TABLE `CustomRole` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NULL,
    `name` VARCHAR(100) NOT NULL,
    `description` VARCHAR(500) NULL,
    `permissions` JSON NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `CustomRole_companyId_name_idx`(`companyId`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AlterTable
ALTER TABLE `User` ADD COLUMN `customRoleId` CHAR(36) NULL;

-- CreateIndex
CREATE INDEX `User_customRoleId_idx` ON `User`(`customRoleId`);

-- AddForeignKey
ALTER TABLE `CustomRole` ADD CONSTRAINT `CustomRole_companyId_fkey` FOREIGN KEY (`companyId`) REFERENCES `Company`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `User` ADD CONSTRAINT `User_customRoleId_fkey` FOREIGN KEY (`customRoleId`) REFERENCES `CustomRole`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
