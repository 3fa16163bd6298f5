-- A company's entry for an address held by an account outside the company (issue 14): the row is a
-- placeholder that cannot sign in, so the company's answer does not reveal the other account.
ALTER TABLE `User` ADD COLUMN `heldEmail` VARCHAR(191) NULL;
CREATE INDEX `User_heldEmail_idx` ON `User`(`heldEmail`);
