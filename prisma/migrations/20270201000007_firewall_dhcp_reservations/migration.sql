-- The LAN addresses IPAM reserved for a deployed firewall's Kea pool: released with the firewall.
ALTER TABLE `Firewall` ADD COLUMN `dhcpReservedIds` JSON NULL;
