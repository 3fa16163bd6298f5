-- Backup runs feed their per-guest jobs a few per node at a time (issue 18): the run keeps the job
-- parameters its later jobs are made from, and results waiting for a job are found per node.
-- A schedule may cap the backups written to its storage at once.
ALTER TABLE `BackupSchedule` ADD COLUMN `storageLimit` INT NULL AFTER `windowMinutes`;
ALTER TABLE `BackupRun` ADD COLUMN `jobParams` JSON NULL AFTER `storage`;
CREATE INDEX `BackupResult_runId_clusterId_node_status_idx`
  ON `BackupResult`(`runId`, `clusterId`, `node`, `status`);
