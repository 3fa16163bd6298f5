-- AlterTable
ALTER TABLE `Deployment` ADD COLUMN `createdGuest` BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN `provisionJobId` CHAR(36) NULL;
