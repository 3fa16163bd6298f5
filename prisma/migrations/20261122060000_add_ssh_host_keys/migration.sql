-- AlterTable
ALTER TABLE `ClusterNode` ADD COLUMN `sshHostKey` VARCHAR(64) NULL;
