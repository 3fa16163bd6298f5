import { Injectable } from '@nestjs/common';
import type { Guest, Prisma } from '../../generated/prisma/client';
import { GuestsRepository } from './guests.repository';
import type {
  ExistingGuest,
  GuestChanges,
  GuestDiff,
  GuestSelection,
  GuestOwner,
  GuestViewRow,
  PlaceholderGuest,
  SelectedGuest,
} from './guests.types';

/**
 * The Guest table's owner. Other modules read and change guests only through here: the VMs module
 * (placeholders, job outcomes), the inventory (sync, import of unassigned guests) and the demo estate.
 * Access checks happen before, in common/access; these methods act for the platform.
 */
@Injectable()
export class GuestsService {
  constructor(private readonly repo: GuestsRepository) {}

  findById(id: string): Promise<Guest | null> {
    return this.repo.findById(id);
  }

  /** Inside the quota reservation's transaction. */
  insertPlaceholder(tx: Prisma.TransactionClient, g: PlaceholderGuest): Promise<Guest> {
    return this.repo.insertPlaceholder(tx, g);
  }

  update(id: string, changes: GuestChanges, tx?: Prisma.TransactionClient): Promise<void> {
    return this.repo.update(id, changes, tx);
  }

  activate(id: string, clusterId: string, vmid: number, changes: GuestChanges): Promise<void> {
    return this.repo.activate(id, clusterId, vmid, changes);
  }

  /** A guest the platform made for a company (a DR standby) is that company's (see the repository). */
  adoptOwned(g: {
    clusterId: string;
    companyId: string;
    vmid: number;
    kind: 'qemu' | 'lxc';
    name: string | null;
    node: string;
  }): Promise<Guest | null> {
    return this.repo.adoptOwned(g);
  }

  markGone(id: string, status: string): Promise<void> {
    return this.repo.markGone(id, status);
  }

  activeForSync(clusterId: string): Promise<ExistingGuest[]> {
    return this.repo.activeForSync(clusterId);
  }

  activeOwners(clusterId: string): Promise<GuestOwner[]> {
    return this.repo.activeOwners(clusterId);
  }

  applySyncDiff(clusterId: string, diff: GuestDiff, at: Date): Promise<void> {
    return this.repo.applySyncDiff(clusterId, diff, at);
  }

  unassigned(
    clusterIds: string[] | null,
    filter: { clusterId?: string; search?: string; skip: number; take: number },
  ): Promise<{ rows: GuestViewRow[]; total: number }> {
    return this.repo.unassigned(clusterIds, filter);
  }

  /** All or nothing; only guests on clusters open to the company (see GuestsRepository.assign). */
  assign(guestIds: string[], companyId: string, at: Date): Promise<string[]> {
    return this.repo.assign(guestIds, companyId, at);
  }

  /** A dedicated cluster's guests are its owner's: the sync gives it what it finds there. */
  assignFreeOnCluster(clusterId: string, companyId: string, at: Date): Promise<string[]> {
    return this.repo.assignFreeOnCluster(clusterId, companyId, at);
  }

  freeForDemo() {
    return this.repo.freeForDemo();
  }

  liveTemplates() {
    return this.repo.liveTemplates();
  }

  countOwnedBy(companyId: string): Promise<number> {
    return this.repo.countOwnedBy(companyId);
  }

  assignFree(ids: string[], companyId: string): Promise<void> {
    return this.repo.assignFree(ids, companyId);
  }

  /** A company's live guests a backup selection covers. */
  selected(companyId: string, selection: GuestSelection): Promise<SelectedGuest[]> {
    return this.repo.selected(companyId, selection);
  }

  /** Live guests with a Proxmox lock (leftovers view). */
  locked() {
    return this.repo.locked();
  }
}
