-- AlterTable
ALTER TABLE `Company` ADD COLUMN `mayOwnClusters` BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE `Cluster` ADD COLUMN `ownerCompanyId` CHAR(36) NULL;

-- CreateIndex
CREATE INDEX `Cluster_ownerCompanyId_idx` ON `Cluster`(`ownerCompanyId`);

-- AddForeignKey
ALTER TABLE `Cluster` ADD CONSTRAINT `Cluster_ownerCompanyId_fkey` FOREIGN KEY (`ownerCompanyId`) REFERENCES `Company`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

