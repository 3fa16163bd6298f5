-- Tickets link to an alert, a backup run or a firewall, like they do to a guest and a job.
ALTER TABLE `Ticket`
  ADD COLUMN `alertId` CHAR(36) NULL AFTER `jobId`,
  ADD COLUMN `backupRunId` CHAR(36) NULL AFTER `alertId`,
  ADD COLUMN `firewallId` CHAR(36) NULL AFTER `backupRunId`;
