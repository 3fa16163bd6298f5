-- Usage statements (issue 20): disk used, backup storage and public IPs per hourly snapshot.
ALTER TABLE `UsageSample`
  ADD COLUMN `diskUsedBytes` BIGINT NULL,
  ADD COLUMN `diskUsedGuests` INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN `backupBytes` BIGINT NULL,
  ADD COLUMN `publicIps` INTEGER NOT NULL DEFAULT 0;
