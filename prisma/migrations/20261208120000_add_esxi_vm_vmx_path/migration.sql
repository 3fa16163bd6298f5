-- The VM's configuration file as vSphere names it (`[datastore] folder/name.vmx`): the import finds
-- the VM on a Proxmox esxi storage by it.
ALTER TABLE `EsxiVm` ADD COLUMN `vmxPath` VARCHAR(1024) NULL;
