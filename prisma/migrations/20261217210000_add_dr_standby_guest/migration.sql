-- AlterTable
ALTER TABLE `DrGuest` ADD COLUMN `standbyGuestId` CHAR(36) NULL,
    ADD COLUMN `failedBackAt` DATETIME(3) NULL;
