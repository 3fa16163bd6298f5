-- Restore tests: which archive a schedule's test restores (newest, or random among the recent ones).
ALTER TABLE `BackupSchedule`
    ADD COLUMN `restoreTestPick` VARCHAR(8) NOT NULL DEFAULT 'newest',
    ADD COLUMN `restoreTestMaxAgeH` INTEGER NOT NULL DEFAULT 168;
