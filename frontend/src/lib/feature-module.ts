import type { ReactElement } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { SlotContributions } from './slots';

/** One entry in the side navigation (console) or the bottom navigation (mobile). */
export interface NavItem {
  to: string;
  labelKey: string;
  icon: ReactElement;
  /** Hidden unless the signed-in user holds this permission. */
  permission?: string;
  /** Lower comes first. */
  order: number;
  section?: 'main' | 'admin';
}

/** What a feature contributes to the app: its routes (relative paths), menu entries and slot parts. */
export interface FeatureModule {
  id: string;
  routes: RouteObject[];
  nav?: NavItem[];
  /** Parts this feature adds to other features' screens (see `lib/slots.tsx`). */
  slots?: SlotContributions;
}
