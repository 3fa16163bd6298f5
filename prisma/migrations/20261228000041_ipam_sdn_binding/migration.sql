-- IPAM: a range may be bound to a Proxmox SDN VNet's subnet (optional per cluster).
ALTER TABLE `IpRange`
  ADD COLUMN `sdnVnet` VARCHAR(64) NULL,
  ADD COLUMN `sdnZone` VARCHAR(64) NULL,
  ADD COLUMN `sdnSubnet` VARCHAR(100) NULL,
  ADD COLUMN `sdnState` VARCHAR(16) NULL,
  ADD COLUMN `sdnError` VARCHAR(500) NULL,
  ADD COLUMN `sdnJobId` CHAR(36) NULL;
