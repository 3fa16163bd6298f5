-- Stored rows per status of each range (kept by the allocation engine under the range row lock).
ALTER TABLE `IpRange`
    ADD COLUMN `allocatedCount` INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN `reservedCount` INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN `heldCount` INTEGER NOT NULL DEFAULT 0;

-- Backfill from the rows already stored.
UPDATE `IpRange` r
    LEFT JOIN (
        SELECT `rangeId`,
               SUM(`status` = 'allocated') AS a,
               SUM(`status` = 'reserved') AS s,
               SUM(`status` = 'held') AS h
        FROM `IpAddress`
        GROUP BY `rangeId`
    ) c ON c.`rangeId` = r.`id`
SET r.`allocatedCount` = COALESCE(c.a, 0),
    r.`reservedCount` = COALESCE(c.s, 0),
    r.`heldCount` = COALESCE(c.h, 0);
