-- Usage price lists (issue 20): backup storage GB-months and public IP-months are priced too;
-- existing lists price them at 0 until staff set them.
ALTER TABLE `UsagePriceList`
  ADD COLUMN `backupGbMonth` DECIMAL(14, 6) NOT NULL DEFAULT 0,
  ADD COLUMN `publicIpMonth` DECIMAL(14, 6) NOT NULL DEFAULT 0;
