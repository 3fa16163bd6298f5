-- One open revert per change set: the column holds revertOfId while the revert is pending,
-- applying or applied and is cleared when it fails, so a unique index lets exactly one of two
-- concurrent reverts of the same change in (issue 21).
ALTER TABLE `FirewallChange`
  ADD COLUMN `openRevertOfId` CHAR(36) NULL AFTER `revertOfId`;

-- Existing open reverts: the oldest per reverted change keeps the slot (ids are UUIDv7, so the
-- smallest is the oldest); any later duplicate from before this migration stays without it.
UPDATE `FirewallChange` AS c
  JOIN (
    SELECT MIN(`id`) AS `id`
    FROM `FirewallChange`
    WHERE `revertOfId` IS NOT NULL AND `status` <> 'failed'
    GROUP BY `revertOfId`
  ) AS o ON o.`id` = c.`id`
  SET c.`openRevertOfId` = c.`revertOfId`;

CREATE UNIQUE INDEX `FirewallChange_openRevertOfId_key` ON `FirewallChange`(`openRevertOfId`);
