-- A change set can undo an applied one (manual revert from the firewall's change history).
ALTER TABLE `FirewallChange`
  ADD COLUMN `revertOfId` CHAR(36) NULL AFTER `jobId`;

CREATE INDEX `FirewallChange_revertOfId_idx` ON `FirewallChange`(`revertOfId`);
